import { OrderedCommands } from './ordered-commands';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('OrderedCommands', () => {
  it('runs ordered commands one at a time, and later frames after them', async () => {
    const commands = new OrderedCommands();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = commands.ordered(async () => {
      log.push('auth start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('auth end');
    });
    const second = commands.ordered(async () => void log.push('join'));
    const send = commands.after(async () => void log.push('send'));
    await tick();
    expect(log).toEqual(['auth start']);
    releaseFirst();
    await Promise.all([first, second, send]);
    expect(log).toEqual(['auth start', 'auth end', 'join', 'send']);
  });

  it('frames pipeline while no ordered command is in flight; a failed command does not block the next', async () => {
    const commands = new OrderedCommands();
    const log: string[] = [];
    let releaseSend!: () => void;
    const slowSend = commands.after(() => new Promise<void>((resolve) => (releaseSend = () => resolve(void log.push('send 1')))));
    await commands.after(async () => void log.push('send 2'));
    expect(log).toEqual(['send 2']);
    releaseSend();
    await slowSend;
    await expect(commands.ordered(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await commands.ordered(async () => void log.push('join'));
    expect(log).toEqual(['send 2', 'send 1', 'join']);
  });
});
