import { Writable } from 'node:stream';
import pino from 'pino';
import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  // A frozen clock: on a busy machine the 1,000 failures below could take longer than 50 ms.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('logs an outage when it starts, a summary while it lasts, and when it ends; not every failure', () => {
    const lines: { level: number; msg: string; failures?: number }[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const outage = new OutageLog(logger, 'PostgreSQL', 50);
    for (let i = 0; i < 1_000; i++) outage.failed(new Error('ECONNREFUSED'), { waiting: i });
    expect(lines.map((l) => l.msg)).toEqual(['PostgreSQL unavailable; retrying until it is back']);
    jest.advanceTimersByTime(60);
    outage.failed(new Error('ECONNREFUSED'));
    outage.failed(new Error('ECONNREFUSED'));
    expect(lines.map((l) => l.msg)).toEqual(['PostgreSQL unavailable; retrying until it is back', 'PostgreSQL still unavailable']);
    expect(lines[1].failures).toBe(1_001);
    outage.recovered();
    outage.recovered();
    expect(lines.map((l) => l.msg).slice(2)).toEqual(['PostgreSQL back']);
    expect(lines[2]).toMatchObject({ level: 30, failures: 1_002 });
    expect(outage.active).toBe(false);
  });
});
