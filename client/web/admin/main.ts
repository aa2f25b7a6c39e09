// The ops page (placeholder until the page lands).
document.querySelector('#admin')!.textContent = 'Realtime platform: operations';
