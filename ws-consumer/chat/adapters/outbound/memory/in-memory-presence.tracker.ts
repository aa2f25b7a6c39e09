import type { PresenceEntry, PresenceTrackerPort } from '../../../application/ports/presence-tracker.port';
import { byUserId } from '#contracts/auth/user-id';

export interface InMemoryPresenceOptions {
  /** How long a connection stays present without a refresh, in ms (default 90000). */
  leaseMs?: number;
  /** The time in ms since epoch (default Date.now); tests pass a manual clock. */
  now?: () => number;
}

/**
 * Presence in memory, for use-case tests; passes the same contract suite as RedisPresenceTracker,
 * leases included: a connection whose lease ran out is absent.
 */
export class InMemoryPresenceTracker implements PresenceTrackerPort {
  /** room → `<userId>|<connectionId>` → lease expiry (ms). */
  private readonly rooms = new Map<string, Map<string, number>>();
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(options: InMemoryPresenceOptions = {}) {
    this.leaseMs = options.leaseMs ?? 90_000;
    this.now = options.now ?? Date.now;
  }

  async join(entry: PresenceEntry): Promise<boolean> {
    const connections = this.live(entry.room);
    const was = this.userPresent(connections, entry.userId);
    connections.set(key(entry), this.now() + this.leaseMs);
    return !was;
  }

  async leave(entry: PresenceEntry): Promise<boolean> {
    const connections = this.live(entry.room);
    return connections.delete(key(entry)) && !this.userPresent(connections, entry.userId);
  }

  async refresh(entries: PresenceEntry[]): Promise<void> {
    for (const entry of entries) {
      const connections = this.live(entry.room);
      if (connections.has(key(entry))) connections.set(key(entry), this.now() + this.leaseMs);
    }
  }

  async list(room: string): Promise<string[]> {
    return [...new Set([...this.live(room).keys()].map((k) => k.slice(0, k.indexOf('|'))))].sort(byUserId);
  }

  /** The room's connections, without those whose lease has run out. */
  private live(room: string): Map<string, number> {
    let connections = this.rooms.get(room);
    if (!connections) this.rooms.set(room, (connections = new Map()));
    const now = this.now();
    for (const [k, expiry] of connections) if (expiry <= now) connections.delete(k);
    return connections;
  }

  private userPresent(connections: Map<string, number>, userId: string): boolean {
    for (const k of connections.keys()) if (k.startsWith(`${userId}|`)) return true;
    return false;
  }
}

const key = (entry: PresenceEntry) => `${entry.userId}|${entry.connectionId}`;
