// A tiny DOM builder: the app needs no framework, only elements with attributes and children.

type Attr = string | number | boolean | undefined | ((event: Event) => void);

/** `h('button', {class: 'x', onclick: f}, 'Send')`; `on*` attributes become listeners, `false`/`undefined` are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Shows an error to the person at the page (a status line), instead of only in the console. */
export function report(error: unknown): void {
  const line = document.querySelector('[data-testid="status-line"]');
  const text = error instanceof Error ? error.message : String(error);
  if (line) line.textContent = text;
  console.warn(error);
}
