#!/usr/bin/env node
// `npm run client -- --user alice`: chat in the terminal (join, send, history, DMs, live messages),
// over the same client library as the browser app. Two terminals make a conversation.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ClientError, directRoom, RealtimeClient, sendTarget, type Message } from '../sdk';
import { PlatformApi } from '../sdk/platform-api';
import { HELP, parseLine, type Command } from './chat-commands';

const USAGE = 'usage: npm run client -- --user <name> [--password <pw>] [--register] [--room <room>] [--edge http://localhost:8081] [--auth http://localhost:8080] [--core http://localhost:8082]';

function options() {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      password: { type: 'string', default: 'password123' },
      register: { type: 'boolean', default: false },
      room: { type: 'string' },
      edge: { type: 'string', default: process.env.EDGE_URL ?? 'http://localhost:8081' },
      auth: { type: 'string', default: process.env.AUTH_URL ?? 'http://localhost:8080' },
      core: { type: 'string', default: process.env.CORE_URL ?? 'http://localhost:8082' },
    },
  });
  if (!values.user) throw new ClientError('bad_request', USAGE);
  return { ...values, user: values.user };
}

/** One signed-in terminal session: prints what arrives, runs what is typed. */
class ChatSession {
  private room?: string;
  /** The oldest seq shown per room, for /history. */
  private readonly oldest = new Map<string, number>();

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: PlatformApi,
    private readonly me: { id: string; username: string },
    private readonly print: (line: string) => void,
  ) {
    client.on('message:new', (message) => this.show(message));
    client.on('room:presence', ({ room, user_id, action }) => user_id !== me.id && this.print(`  · user ${user_id} ${action === 'join' ? 'joined' : 'left'} ${room}`));
    client.on('room:reset', ({ room }) => this.print(`  · ${room}: too much was missed while away; /history shows it`));
    client.on('state', (state) => state !== 'open' && state !== 'connecting' && this.print(`  · connection ${state}`));
  }

  async run(command: Command): Promise<boolean> {
    switch (command.kind) {
      case 'say':
        if (!this.room) return this.tell('join a room first: /join <room> (or /rooms)');
        await this.client.send(sendTarget(this.room, this.me.id), command.text);
        return true;
      case 'join':
        return this.join(command.room);
      case 'leave':
        if (this.room) await this.client.leave(this.room);
        this.print(`  · left ${this.room ?? 'nothing'}`);
        this.room = undefined;
        return true;
      case 'rooms': {
        const { items } = await this.api.rooms();
        this.print(items.filter((r) => r.visibility !== 'event').map((r) => `  ${r.name} (${r.visibility}, ${r.last_seq} messages)`).join('\n') || '  no rooms yet');
        return true;
      }
      case 'history':
        return this.history(command.count);
      case 'dm':
        return this.direct(command.username, command.text);
      case 'help':
        return this.tell(HELP);
      case 'quit':
        return false;
      case 'invalid':
        return this.tell(command.reason);
    }
  }

  async join(room: string): Promise<boolean> {
    await this.client.join(room);
    this.room = room;
    this.print(`  · joined ${room}`);
    await this.history(10, true);
    return true;
  }

  private async history(count: number, latest = false): Promise<boolean> {
    if (!this.room) return this.tell('join a room first');
    const before = latest ? undefined : this.oldest.get(this.room);
    const { items } = await this.api.history(this.room, before, count);
    for (const message of [...items].reverse()) this.show(message, true);
    if (!items.length) this.print('  · no older messages');
    return true;
  }

  private async direct(username: string, text?: string): Promise<boolean> {
    const peer = (await this.api.searchUsers(username)).items.find((user) => user.username === username);
    if (!peer) return this.tell(`no user named ${username}`);
    const room = directRoom(this.me.id, peer.id);
    if (text) await this.client.send({ to_user: peer.id }, text);
    else {
      this.room = room;
      this.print(`  · talking to ${username} (${room})`);
    }
    return true;
  }

  private show(message: Message, fromHistory = false): void {
    const oldest = this.oldest.get(message.room);
    if (oldest === undefined || message.seq < oldest) this.oldest.set(message.room, message.seq);
    const who = message.sender_id === this.me.id ? 'you' : `user ${message.sender_id}`;
    const time = new Date(message.created_at).toLocaleTimeString();
    this.print(`${fromHistory ? '  ' : ''}[${message.room} #${message.seq} ${time}] ${who}: ${message.body}`);
  }

  private tell(text: string): boolean {
    this.print(`  ${text.replace(/\n/g, '\n  ')}`);
    return true;
  }
}

async function main(): Promise<void> {
  const args = options();
  const signedOut = new PlatformApi({ auth: args.auth, core: args.core, edge: args.edge, ticketing: args.edge });
  if (args.register) await signedOut.register(args.user, args.password);
  let tokens = await signedOut.login(args.user, args.password);
  let expiresAt = Date.now() + tokens.expires_in * 1000;
  // Asked before every (re)connect: a token about to expire is refreshed, so an edge's 4010 only costs a reconnect.
  const token = async () => {
    if (expiresAt - Date.now() < 90_000) {
      tokens = await signedOut.refresh(tokens.refresh_token);
      expiresAt = Date.now() + tokens.expires_in * 1000;
    }
    return tokens.access_token;
  };
  const api = new PlatformApi(signedOut.urls, () => tokens.access_token);
  const me = await api.me();
  const client = new RealtimeClient({ url: `${args.edge.replace(/^http/, 'ws')}/v1/ws`, token, auth: 'header', WebSocket: WebSocket });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const session = new ChatSession(client, api, me, print);
  await client.connect();
  print(`signed in as ${me.username} (user ${me.id}); /help for commands`);
  if (args.room) await session.join(args.room).catch((error: Error) => print(`  ${error.message}`));
  const input = createInterface({ input: process.stdin, terminal: false });
  for await (const line of input) {
    const command = parseLine(line);
    if (!command) continue;
    const more = await session.run(command).catch((error: Error) => (print(`  ${error instanceof ClientError ? `${error.code}: ` : ''}${error.message}`), true));
    if (!more) break;
  }
  client.close();
  input.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ClientError ? `${error.code}: ` : ''}${error.message}\n`);
  process.exit(1);
});
