// The browser app: sign in, then chat, feed and events over one RealtimeClient connection.
import { RealtimeClient } from '../../sdk';
import { ChatView } from './chat-view';
import { h, report } from './dom';
import { EventsView } from './events-view';
import { FeedView } from './feed-view';
import { serviceUrls } from './service-urls';
import { SessionStore } from './session';

function signInForm(store: SessionStore, done: () => void): HTMLElement {
  const username = h('input', { 'data-testid': 'username', placeholder: 'username', autocomplete: 'username', required: true });
  const password = h('input', { 'data-testid': 'password', type: 'password', placeholder: 'password', autocomplete: 'current-password', required: true });
  const submit = (register: boolean) => (event: Event) => {
    event.preventDefault();
    store.signIn(username.value.trim(), password.value, register).then(done, report);
  };
  return h('form', { class: 'sign-in', 'data-testid': 'sign-in', onsubmit: submit(false) }, h('h2', {}, 'Sign in'), username, password, h('button', { 'data-testid': 'login' }, 'Sign in'), h('button', { 'data-testid': 'register', type: 'button', onclick: submit(true) }, 'Register'));
}

function tabs(views: Record<string, HTMLElement>): HTMLElement {
  const bar = h('nav', { class: 'tabs' });
  const show = (name: string) => {
    for (const [other, view] of Object.entries(views)) view.hidden = other !== name;
    bar.querySelectorAll('button').forEach((b) => b.classList.toggle('current', b.dataset.tab === name));
  };
  for (const name of Object.keys(views)) bar.append(h('button', { 'data-tab': name, 'data-testid': `tab-${name}`, onclick: () => show(name) }, name));
  show(Object.keys(views)[0]);
  return bar;
}

async function signedIn(root: HTMLElement, store: SessionStore, restart: () => void): Promise<void> {
  const session = store.session!;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`;
  const client = new RealtimeClient({ url, token: () => store.token(), auth: 'frame' });
  const state = h('span', { class: 'state', 'data-testid': 'connection-state' }, 'connecting');
  client.on('state', (now) => ((state.textContent = now), (state.dataset.state = now)));
  const signOut = h('button', { 'data-testid': 'sign-out', onclick: () => (client.close(), store.signOut(), restart()) }, 'Sign out');
  const api = store.api();
  const chat = new ChatView(client, api, { id: session.userId, username: session.username });
  const feed = new FeedView(client, api);
  const events = new EventsView(client, api);
  root.replaceChildren(
    h('header', {}, h('h1', {}, 'Realtime platform'), h('span', { 'data-testid': 'whoami' }, session.username), state, signOut),
    tabs({ chat: chat.element, feed: feed.element, events: events.element }),
    chat.element,
    feed.element,
    events.element,
    h('p', { class: 'status', 'data-testid': 'status-line' }),
  );
  await client.connect();
  await Promise.all([chat.start(), feed.start(), events.start()]);
}

async function start(): Promise<void> {
  const root = document.querySelector<HTMLElement>('#app')!;
  const store = new SessionStore(await serviceUrls());
  const restart = () => void start();
  if (!store.session) return void root.replaceChildren(signInForm(store, restart), h('p', { class: 'status', 'data-testid': 'status-line' }));
  await signedIn(root, store, restart).catch(report);
}

void start();
