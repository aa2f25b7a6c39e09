import { AVAILABILITY_WINDOW_MS, AvailabilityWindows, type SeatsChange } from './availability-windows';

type Status = 'free' | 'held' | 'sold';

const change = (eventId: string, available: number, ...seats: [string, Status][]): SeatsChange<Status> => ({ eventId, available, seats: seats.map(([id, status]) => ({ id, status })) });

describe('AvailabilityWindows (a fake clock: times are passed in)', () => {
  const start = 1_000_000;
  let windows: AvailabilityWindows<Status>;
  let now: number;

  beforeEach(() => {
    windows = new AvailabilityWindows<Status>();
    now = start;
  });

  /** Claims what is due at `now` and sends it, as a process that may send does. */
  const sendDue = () => windows.claimDue(now).map((eventId) => windows.send(eventId, now));

  it('the first change of a quiet event is due at once', () => {
    windows.add(change('e1', 9, ['s1', 'held']), now);
    expect(windows.nextDueAt()).toBe(now);
    expect(sendDue()).toEqual([{ eventId: 'e1', available: 9, seats: [{ id: 's1', status: 'held' }], changes: 1 }]);
    expect(windows.size).toBe(0);
  });

  it('changes after a frame wait until a window has passed since it, then go out as one frame: every seat that changed, its latest status, the latest count', () => {
    windows.add(change('e1', 9, ['s1', 'held']), now);
    sendDue();
    for (const [at, next] of [
      [10, change('e1', 8, ['s2', 'held'])],
      [40, change('e1', 7, ['s1', 'sold'], ['s3', 'held'])],
      [90, change('e1', 8, ['s3', 'free'])],
    ] as const) {
      now = start + at;
      windows.add(next, now);
      expect(sendDue()).toEqual([]);
    }
    expect(windows.nextDueAt()).toBe(start + AVAILABILITY_WINDOW_MS);
    now = start + AVAILABILITY_WINDOW_MS;
    expect(sendDue()).toEqual([
      {
        eventId: 'e1',
        available: 8,
        seats: [
          { id: 's2', status: 'held' },
          { id: 's1', status: 'sold' },
          { id: 's3', status: 'free' },
        ],
        changes: 3,
      },
    ]);
  });

  it('sends at most one frame per event per window, however the changes come', () => {
    const sent: number[] = [];
    for (let t = 0; t < 1_000; t += 7) {
      now = start + t;
      windows.add(change('e1', t % 50, [`s${t % 13}`, 'held']), now);
      if (sendDue().length > 0) sent.push(now);
    }
    expect(sent.length).toBeGreaterThan(5);
    for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(AVAILABILITY_WINDOW_MS);
  });

  it('keeps each event to its own window', () => {
    windows.add(change('e1', 1, ['a', 'sold']), now);
    sendDue();
    now += 30;
    windows.add(change('e1', 0, ['b', 'sold']), now);
    windows.add(change('e2', 5, ['c', 'held']), now);
    expect(sendDue().map((frame) => frame?.eventId)).toEqual(['e2']);
    now += 70;
    expect(sendDue().map((frame) => frame?.eventId)).toEqual(['e1']);
  });

  it('an event quiet for a window is due at once again', () => {
    windows.add(change('e1', 1, ['a', 'sold']), now);
    sendDue();
    now += AVAILABILITY_WINDOW_MS + 1;
    windows.add(change('e1', 2, ['a', 'free']), now);
    expect(sendDue()).toHaveLength(1);
  });

  it('a claimed window is not due again, and gathers what comes until it is sent', () => {
    windows.add(change('e1', 3, ['a', 'held']), now);
    expect(windows.claimDue(now)).toEqual(['e1']);
    windows.add(change('e1', 2, ['b', 'held']), now + 1);
    expect(windows.claimDue(now + 1)).toEqual([]);
    expect(windows.nextDueAt()).toBeUndefined();
    expect(windows.send('e1', now + 2)).toMatchObject({ available: 2, seats: [{ id: 'a' }, { id: 'b' }], changes: 2 });
    expect(windows.send('e1', now + 3)).toBeUndefined();
  });

  it('a deferred window (another process sent one) waits until it is told, still gathering', () => {
    windows.add(change('e1', 3, ['a', 'held']), now);
    windows.claimDue(now);
    windows.defer('e1', now + 60);
    windows.add(change('e1', 2, ['b', 'held']), now + 20);
    expect(windows.claimDue(now + 59)).toEqual([]);
    expect(windows.nextDueAt()).toBe(now + 60);
    expect(windows.claimDue(now + 60)).toEqual(['e1']);
    expect(windows.send('e1', now + 60)).toMatchObject({ changes: 2 });
  });

  it('sendAll closes every open window, due or not', () => {
    windows.add(change('e1', 1, ['a', 'sold']), now);
    sendDue();
    windows.add(change('e1', 0, ['b', 'sold']), now + 5);
    windows.add(change('e2', 4, ['c', 'free']), now + 5);
    windows.claimDue(now + 5);
    expect(windows.sendAll(now + 6).map((frame) => frame.eventId).sort()).toEqual(['e1', 'e2']);
    expect(windows.size).toBe(0);
  });
});
