import { directRoom, sendTarget, type Message, type RealtimeClient } from '../../sdk';
import type { PlatformApi, Room } from '../../sdk/platform-api';
import { clock, h, report } from './dom';

const TYPING_SHOWN_MS = 3000;
const TYPING_EVERY_MS = 2000;

/**
 * Rooms, history, live messages, typing, presence, read markers and direct messages. Messages are
 * kept per room by seq, so history pages, recovery after a reconnect and live frames merge into
 * one ordered list without duplicates.
 */
export class ChatView {
  readonly element = h('section', { class: 'chat', 'data-testid': 'chat' });
  private readonly logs = new Map<string, Map<number, Message>>();
  private readonly joined = new Set<string>();
  private readonly readers = new Map<string, Map<string, number>>();
  private readonly presence = new Map<string, Set<string>>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly roomList = h('ul', { class: 'rooms', 'data-testid': 'rooms' });
  private readonly messages = h('ol', { class: 'messages', 'data-testid': 'messages' });
  private readonly title = h('h2', { 'data-testid': 'room-title' }, 'Pick a room');
  private readonly typingLine = h('p', { class: 'typing', 'data-testid': 'typing' });
  private readonly presenceLine = h('p', { class: 'presence', 'data-testid': 'presence' });
  private readonly readLine = h('p', { class: 'read', 'data-testid': 'read-markers' });
  private readonly composer = h('input', { 'data-testid': 'composer', placeholder: 'Write a message', maxlength: 4000, disabled: true });
  private current?: string;
  private lastTyping = 0;
  private loadingOlder = false;
  private readTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: PlatformApi,
    private readonly me: { id: string; username: string },
  ) {
    this.element.append(this.sidebar(), this.main());
    client.on('message:new', (message) => this.arrived(message));
    client.on('room:reset', ({ room }) => void this.reload(room));
    client.on('message:typing', ({ room, user_id }) => this.typing(room, user_id));
    client.on('message:read', ({ room, user_id, seq }) => this.markRead(room, user_id, seq));
    client.on('room:presence', ({ room, user_id, action }) => this.presenceChanged(room, user_id, action));
    client.on('room:removed', ({ room }) => this.removed(room));
  }

  async start(): Promise<void> {
    const { items } = await this.api.rooms();
    // Event rooms carry seat updates, shown on the events tab, not as chat.
    for (const room of items) if (room.visibility !== 'event') this.listRoom(room.name, room.visibility);
  }

  private sidebar(): HTMLElement {
    const name = h('input', { 'data-testid': 'new-room-name', placeholder: 'new-room', pattern: '[a-z0-9][a-z0-9_:-]{0,63}' });
    const secret = h('input', { type: 'checkbox', 'data-testid': 'new-room-private' });
    const create = h('form', { onsubmit: (event) => (event.preventDefault(), void this.create(name.value.trim(), secret.checked).then(() => (name.value = ''))) }, name, h('label', {}, secret, ' private'), h('button', {}, 'Create'));
    const peer = h('input', { 'data-testid': 'dm-username', placeholder: 'username' });
    const dm = h('form', { onsubmit: (event) => (event.preventDefault(), void this.openDirect(peer.value.trim()).then(() => (peer.value = ''))) }, peer, h('button', {}, 'Message'));
    return h('aside', {}, h('h3', {}, 'Rooms'), this.roomList, create, h('h3', {}, 'Direct message'), dm);
  }

  private main(): HTMLElement {
    const older = h('button', { 'data-testid': 'older', onclick: () => void this.older() }, 'Load older');
    const send = h('form', { onsubmit: (event) => (event.preventDefault(), void this.send()) }, this.composer, h('button', { 'data-testid': 'send' }, 'Send'));
    this.composer.addEventListener('input', () => this.sendTyping());
    // Scrolling to the top loads the page before it (history scrolling); the button does the same.
    this.messages.addEventListener('scroll', () => this.messages.scrollTop === 0 && void this.older());
    return h('div', { class: 'room' }, this.title, this.presenceLine, older, this.messages, this.readLine, this.typingLine, send);
  }

  private async create(name: string, isPrivate: boolean): Promise<void> {
    try {
      await this.api.createRoom(name, isPrivate ? 'private' : 'public');
      this.listRoom(name, isPrivate ? 'private' : 'public');
      await this.open(name);
    } catch (error) {
      report(error);
    }
  }

  private async openDirect(username: string): Promise<void> {
    try {
      const { items } = await this.api.searchUsers(username);
      const peer = items.find((user) => user.username === username);
      if (!peer) throw new Error(`no user named ${username}`);
      const room = directRoom(this.me.id, peer.id);
      this.listRoom(room, 'direct', username);
      await this.open(room);
    } catch (error) {
      report(error);
    }
  }

  private listRoom(room: string, visibility: Room['visibility'], label = room): void {
    if (this.roomList.querySelector(`[data-room="${room}"]`)) return;
    const item = h('li', { 'data-room': room, class: visibility }, h('button', { onclick: () => void this.open(room) }, visibility === 'direct' ? `@ ${label}` : `# ${label}`), h('span', { class: 'unread', 'data-testid': `unread-${room}` }));
    this.roomList.append(item);
  }

  /** Joins (once; the client rejoins by itself after reconnects), loads the newest page, shows the room. */
  async open(room: string): Promise<void> {
    try {
      this.current = room;
      this.title.textContent = room;
      this.title.dataset.ready = 'false';
      this.composer.disabled = false;
      this.roomList.querySelectorAll('li').forEach((li) => li.classList.toggle('current', li.dataset.room === room));
      this.unread(room, 0);
      this.render(); // what is here already (live messages that arrived before the room was opened)
      if (!this.joined.has(room)) await this.joinRoom(room);
      this.render();
      if (room === this.current) this.title.dataset.ready = 'true'; // joined, history shown
    } catch (error) {
      report(error);
    }
  }

  private async joinRoom(room: string): Promise<void> {
    try {
      await this.client.join(room);
    } catch (error) {
      // A direct room exists from its first message on: until then there is nothing to join.
      if (!(room.startsWith('dm:') && (error as { code?: string }).code === 'not_found')) throw error;
      return;
    }
    this.joined.add(room);
    await this.reload(room);
    const { items } = await this.api.roomPresence(room);
    this.presence.set(room, new Set(items));
  }

  private async reload(room: string): Promise<void> {
    const { items } = await this.api.history(room);
    this.logs.set(room, new Map());
    for (const message of items) this.store(message);
    if (room === this.current) this.render();
  }

  private async older(): Promise<void> {
    const room = this.current;
    if (!room || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      await this.olderPage(room);
    } finally {
      this.loadingOlder = false;
    }
  }

  private async olderPage(room: string): Promise<void> {
    const oldest = Math.min(...this.log(room).keys());
    if (!Number.isFinite(oldest) || oldest <= 1) return;
    const { items } = await this.api.history(room, oldest).catch((error: unknown) => (report(error), { items: [] as Message[] }));
    if (!items.length || room !== this.current) return;
    for (const message of items) this.store(message);
    const fromBottom = this.messages.scrollHeight - this.messages.scrollTop;
    this.render();
    this.messages.scrollTop = this.messages.scrollHeight - fromBottom; // the same messages stay in view
  }

  private async send(): Promise<void> {
    const room = this.current;
    const body = this.composer.value.trim();
    if (!room || !body) return;
    this.composer.value = '';
    const target = sendTarget(room, this.me.id);
    try {
      await this.client.send(target, body);
      if ('to_user' in target && !this.joined.has(room)) await this.joinRoom(room);
    } catch (error) {
      report(error);
    }
  }

  private sendTyping(): void {
    const room = this.current;
    if (!room || !this.joined.has(room) || Date.now() - this.lastTyping < TYPING_EVERY_MS) return;
    this.lastTyping = Date.now();
    this.client.typing(room).catch(() => undefined); // ephemeral: a lost one does not matter
  }

  private arrived(message: Message): void {
    this.store(message);
    if (message.room.startsWith('event:')) return;
    if (!this.roomList.querySelector(`[data-room="${message.room}"]`)) this.listRoom(message.room, message.room.startsWith('dm:') ? 'direct' : 'public');
    if (message.room === this.current) return this.render();
    const badge = this.roomList.querySelector<HTMLElement>(`[data-testid="unread-${message.room}"]`);
    this.unread(message.room, Number(badge?.dataset.count ?? 0) + 1);
  }

  private store(message: Message): void {
    this.log(message.room).set(message.seq, message);
  }

  private log(room: string): Map<number, Message> {
    let log = this.logs.get(room);
    if (!log) this.logs.set(room, (log = new Map()));
    return log;
  }

  private render(): void {
    const room = this.current;
    if (!room) return;
    const ordered = [...this.log(room).values()].sort((a, b) => a.seq - b.seq);
    this.messages.replaceChildren(...ordered.map((m) => this.messageItem(m)));
    this.messages.scrollTop = this.messages.scrollHeight;
    this.renderPresence();
    this.renderReaders();
    const last = ordered[ordered.length - 1];
    if (last && this.joined.has(room)) this.scheduleRead(room, last.seq);
  }

  private messageItem(message: Message): HTMLElement {
    const mine = message.sender_id === this.me.id;
    return h('li', { 'data-seq': message.seq, class: mine ? 'mine' : '' }, h('span', { class: 'who' }, mine ? 'you' : `user ${message.sender_id}`), h('span', { class: 'body' }, message.body), h('time', {}, clock(message.created_at)));
  }

  /** Marks the room read up to what is on screen, once things settle (not once per message). */
  private scheduleRead(room: string, seq: number): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => void this.client.read(room, seq).catch(() => undefined), 400);
  }

  private typing(room: string, userId: string): void {
    if (userId === this.me.id || room !== this.current) return;
    this.typingLine.textContent = `user ${userId} is typing…`;
    clearTimeout(this.typingTimers.get(room));
    this.typingTimers.set(room, setTimeout(() => (this.typingLine.textContent = ''), TYPING_SHOWN_MS));
  }

  private markRead(room: string, userId: string, seq: number): void {
    const readers = this.readers.get(room) ?? new Map<string, number>();
    readers.set(userId, seq);
    this.readers.set(room, readers);
    if (room === this.current) this.renderReaders();
  }

  private renderReaders(): void {
    const others = [...(this.readers.get(this.current ?? '') ?? [])].filter(([user]) => user !== this.me.id);
    this.readLine.textContent = others.length ? `read: ${others.map(([user, seq]) => `user ${user} up to #${seq}`).join(', ')}` : '';
  }

  private presenceChanged(room: string, userId: string, action: 'join' | 'leave'): void {
    const here = this.presence.get(room) ?? new Set<string>();
    if (action === 'join') here.add(userId);
    else here.delete(userId);
    this.presence.set(room, here);
    if (room === this.current) this.renderPresence();
  }

  private renderPresence(): void {
    const here = [...(this.presence.get(this.current ?? '') ?? [])];
    this.presenceLine.textContent = here.length ? `here: ${here.map((id) => (id === this.me.id ? 'you' : `user ${id}`)).join(', ')}` : '';
  }

  private removed(room: string): void {
    this.joined.delete(room);
    this.roomList.querySelector(`[data-room="${room}"]`)?.remove();
    if (room === this.current) {
      this.current = undefined;
      this.title.textContent = `${room}: you no longer have access`;
      this.composer.disabled = true;
    }
  }

  private unread(room: string, count: number): void {
    const badge = this.roomList.querySelector<HTMLElement>(`[data-testid="unread-${room}"]`);
    if (!badge) return;
    badge.dataset.count = String(count);
    badge.textContent = count ? String(count) : '';
  }
}

