/**
 * Coalescing of seat availability: an event's seat changes are gathered in a window and sent as
 * one frame, at most one frame per event per AVAILABILITY_WINDOW_MS. The first change of a quiet
 * event (no frame within the last window) is due at once; changes after a frame wait until a
 * window has passed since it. A frame carries the latest status of every seat that changed in its
 * window and the latest count of free seats. Times are milliseconds passed in by the caller.
 */

/** The least time between two availability frames of one event. */
export const AVAILABILITY_WINDOW_MS = 100;

export interface SeatState<Status extends string> {
  id: string;
  status: Status;
}

/** One change as ticketing reports it: seats whose status changed, and how many of the event's seats are free after it. */
export interface SeatsChange<Status extends string> {
  eventId: string;
  available: number;
  seats: SeatState<Status>[];
}

/** What one availability frame carries, and how many changes it merges. */
export interface CoalescedAvailability<Status extends string> extends SeatsChange<Status> {
  changes: number;
}

interface Window<Status extends string> {
  available: number;
  /** Latest status by seat id, in the order the seats first changed. */
  seats: Map<string, Status>;
  changes: number;
  /** When it may go out. */
  dueAt: number;
  /** Being decided (whether this process may send now): not due again until sent or deferred. */
  claimed: boolean;
}

export class AvailabilityWindows<Status extends string> {
  private readonly open = new Map<string, Window<Status>>();
  /** When each event's last frame went out, for events that sent one within the last window. */
  private readonly lastSent = new Map<string, number>();

  /** Events with changes not yet sent. */
  get size(): number {
    return this.open.size;
  }

  add(change: SeatsChange<Status>, now: number): void {
    const window = this.open.get(change.eventId) ?? this.start(change.eventId, now);
    window.available = change.available;
    for (const seat of change.seats) window.seats.set(seat.id, seat.status);
    window.changes += 1;
  }

  /** The windows due at `now`, each claimed until `send` or `defer` settles it. */
  claimDue(now: number): string[] {
    const due: string[] = [];
    for (const [eventId, window] of this.open) {
      if (window.claimed || window.dueAt > now) continue;
      window.claimed = true;
      due.push(eventId);
    }
    return due;
  }

  /** When the next unclaimed window falls due; undefined when none waits. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const window of this.open.values()) if (!window.claimed && (next === undefined || window.dueAt < next)) next = window.dueAt;
    return next;
  }

  /** Closes the event's window as its frame, sent at `now`; undefined when it has none open (already sent). */
  send(eventId: string, now: number): CoalescedAvailability<Status> | undefined {
    const window = this.open.get(eventId);
    if (!window) return undefined;
    this.open.delete(eventId);
    this.forgetQuiet(now);
    this.lastSent.set(eventId, now);
    return { eventId, available: window.available, seats: [...window.seats].map(([id, status]) => ({ id, status })), changes: window.changes };
  }

  /** The event's window may not go out before `until` (another process sent a frame for it); it keeps gathering meanwhile. */
  defer(eventId: string, until: number): void {
    const window = this.open.get(eventId);
    if (!window) return;
    window.claimed = false;
    window.dueAt = Math.max(window.dueAt, until);
  }

  /** Every open window as its frame, due or not (a stop). */
  sendAll(now: number): CoalescedAvailability<Status>[] {
    return [...this.open.keys()].flatMap((eventId) => this.send(eventId, now) ?? []);
  }

  private start(eventId: string, now: number): Window<Status> {
    const last = this.lastSent.get(eventId);
    const window: Window<Status> = { available: 0, seats: new Map(), changes: 0, dueAt: last === undefined ? now : Math.max(now, last + AVAILABILITY_WINDOW_MS), claimed: false };
    this.open.set(eventId, window);
    return window;
  }

  /** Events whose last frame is a window old are quiet again; forgetting them keeps this map to the busy ones. */
  private forgetQuiet(now: number): void {
    for (const [eventId, at] of this.lastSent) if (at + AVAILABILITY_WINDOW_MS <= now) this.lastSent.delete(eventId);
  }
}
