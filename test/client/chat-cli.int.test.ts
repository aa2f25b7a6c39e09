import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { TestPlatform } from '../support/platform-harness';

jest.setTimeout(60_000);

const CLI = join(__dirname, '..', '..', 'dist', 'client', 'cli', 'chat-cli.js');

/** The compiled CLI as a person runs it: lines in on stdin, lines out on stdout. */
class Terminal {
  readonly lines: string[] = [];
  readonly errors: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_ENV: 'test' } });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.lines.push(...chunk.split('\n').filter(Boolean)));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.errors.push(chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  async sees(pattern: RegExp): Promise<string> {
    return eventually(async () => this.lines.find((line) => pattern.test(line)), 15_000, `a line matching ${pattern} (have ${JSON.stringify(this.lines)}; stderr ${this.errors.join('')})`);
  }

  stop(): void {
    this.child.kill();
  }
}

describe('npm run client (the chat CLI)', () => {
  const platform = new TestPlatform();
  const terminals: Terminal[] = [];
  beforeAll(() => platform.start());
  afterEach(() => terminals.splice(0).forEach((t) => t.stop()));
  afterAll(() => platform.stop());

  function terminal(username: string, ...extra: string[]): Terminal {
    const edge = platform.edges[0].baseUrl;
    const made = new Terminal(['--user', username, '--edge', edge, '--auth', platform.auth.baseUrl, '--core', platform.cores[0].baseUrl, ...extra]);
    terminals.push(made);
    return made;
  }

  it('two terminals chat: join, live messages, history, and direct messages', async () => {
    const [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    const room = await platform.room(alice.token);
    const a = terminal(alice.username, '--room', room);
    const b = terminal(bob.username);
    await a.sees(new RegExp(`joined ${room}`));
    await b.sees(/signed in as bob_/);
    b.type(`/join ${room}`);
    await b.sees(new RegExp(`joined ${room}`));

    a.type('hello from the terminal');
    await b.sees(new RegExp(`\\[${room} #1 .*\\] user ${alice.id}: hello from the terminal`));
    b.type('hi back');
    await a.sees(new RegExp(`\\[${room} #2 .*\\] user ${bob.id}: hi back`));
    await a.sees(new RegExp(`\\[${room} #1 .*\\] you: hello from the terminal`));

    b.type(`/dm ${alice.username} just for you`);
    await a.sees(new RegExp(`\\[dm:\\d+:\\d+ #1 .*\\] user ${bob.id}: just for you`));

    const late = terminal(bob.username, '--room', room);
    await late.sees(new RegExp(`^  \\[${room} #2 .*\\] you: hi back`)); // history on join
    late.type('/history 5');
    await late.sees(/no older messages/);
    late.type('/jion nowhere');
    await late.sees(/unknown command \/jion/);
    late.type('/join no-such-room');
    await late.sees(/^  not_found: /);
    late.type('still talking');
    await late.sees(new RegExp(`\\[${room} #3 .*\\] you: still talking`)); // the session goes on in its room
  });

  it('says what is wrong with a bad password and exits non-zero', async () => {
    const alice = await platform.user('alice');
    const t = terminal(alice.username, '--password', 'wrong-password');
    expect(await t.exited).toBe(1);
    expect(t.errors.join('')).toMatch(/^unauthorized: /);
  });
});
