// The browser app (placeholder until the app lands).
document.querySelector('#app')!.textContent = 'Realtime platform';
