import type { Redis } from 'ioredis';
import { byUserId } from '#contracts/auth/user-id';
import type { PresenceEntry, PresenceTrackerPort } from '../../../application/ports/presence-tracker.port';

export interface RedisPresenceOptions {
  /**
   * How long a connection stays present without a refresh, in ms (default 90000). Edges refresh
   * well within it, so only the connections of an edge that died run out.
   */
  leaseMs?: number;
}

// Per room two sorted sets over the same members `<userId>|<connectionId>`:
//   presence:<room>        scored by lease expiry (ms, Redis server clock): who is live
//   presence-index:<room>  every score 0, so ZRANGEBYLEX finds one user's connections in
//                          O(log n) instead of a scan of the room (event rooms can be large)
// A member whose expiry has passed is absent: every script first prunes those from both sets.
// Times come from the Redis server's clock, so processes on different machines agree.
// The scripts make "first connection joined" / "last connection left" exact under concurrency.
const LIBRARY = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function prune(main, index, now)
  local expired = redis.call('ZRANGEBYSCORE', main, '-inf', now)
  for i = 1, #expired, 500 do
    redis.call('ZREM', index, unpack(expired, i, math.min(i + 499, #expired)))
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', main, '-inf', now) end
end

local function user_present(main, index, user, now)
  local conns = redis.call('ZRANGEBYLEX', index, '[' .. user .. '|', '(' .. user .. '}')
  for i = 1, #conns do
    local score = redis.call('ZSCORE', main, conns[i])
    if score and tonumber(score) > now then return true end
  end
  return false
end

-- Both keys live exactly as long as their longest lease.
local function expire(main, index)
  local top = redis.call('ZRANGE', main, -1, -1, 'WITHSCORES')
  if top[2] then
    local at = math.floor(tonumber(top[2])) + 1000
    redis.call('PEXPIREAT', main, at)
    redis.call('PEXPIREAT', index, at)
  end
end
`;

// KEYS: main, index. ARGV: leaseMs, userId, member. Returns 1 when the user was not present.
const JOIN = `${LIBRARY}
local now = now_ms()
prune(KEYS[1], KEYS[2], now)
local was = user_present(KEYS[1], KEYS[2], ARGV[2], now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])
redis.call('ZADD', KEYS[2], 0, ARGV[3])
expire(KEYS[1], KEYS[2])
if was then return 0 end
return 1`;

// KEYS: main, index. ARGV: userId, member. Returns 1 when a live connection left and it was its user's last.
const LEAVE = `${LIBRARY}
local now = now_ms()
prune(KEYS[1], KEYS[2], now)
local removed = redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
if removed == 0 or user_present(KEYS[1], KEYS[2], ARGV[1], now) then return 0 end
return 1`;

// KEYS: main, index. ARGV: leaseMs, member… Re-scores live members only (XX): a connection that
// left or ran out stays gone.
const REFRESH = `${LIBRARY}
local now = now_ms()
prune(KEYS[1], KEYS[2], now)
local expiry = now + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
expire(KEYS[1], KEYS[2])
return 0`;

// KEYS: main, index. Returns the live members.
const LIST = `${LIBRARY}
local now = now_ms()
prune(KEYS[1], KEYS[2], now)
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')`;

/** The scripts as commands of the client: ioredis runs them by SHA1 and loads them when the server lacks them. */
const SCRIPTS = { presenceJoin: JOIN, presenceLeave: LEAVE, presenceRefresh: REFRESH, presenceList: LIST };
type ScriptArgs = [main: string, index: string, ...args: (string | number)[]];
type PresenceCommands = Record<keyof typeof SCRIPTS, (...args: ScriptArgs) => Promise<unknown>>;

const member = (entry: PresenceEntry) => `${entry.userId}|${entry.connectionId}`;
const userOf = (m: string) => m.slice(0, m.indexOf('|'));

/** Who is in which room, shared by every ws-consumer process, with leases so a dead edge's sockets expire. */
export class RedisPresenceTracker implements PresenceTrackerPort {
  private readonly leaseMs: number;
  private readonly scripts: PresenceCommands;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    options: RedisPresenceOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 90_000;
    for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 2, lua });
    this.scripts = redis as unknown as PresenceCommands;
  }

  async join(entry: PresenceEntry): Promise<boolean> {
    return (await this.scripts.presenceJoin(...this.keys(entry.room), this.leaseMs, entry.userId, member(entry))) === 1;
  }

  async leave(entry: PresenceEntry): Promise<boolean> {
    return (await this.scripts.presenceLeave(...this.keys(entry.room), entry.userId, member(entry))) === 1;
  }

  async refresh(entries: PresenceEntry[]): Promise<void> {
    const byRoom = new Map<string, string[]>();
    for (const entry of entries) {
      const members = byRoom.get(entry.room) ?? [];
      members.push(member(entry));
      byRoom.set(entry.room, members);
    }
    await Promise.all([...byRoom].map(([room, members]) => this.scripts.presenceRefresh(...this.keys(room), this.leaseMs, ...members)));
  }

  async list(room: string): Promise<string[]> {
    const members = (await this.scripts.presenceList(...this.keys(room))) as string[];
    return [...new Set(members.map(userOf))].sort(byUserId);
  }

  private keys(room: string): [string, string] {
    // `presence:` and `presence-index:` part before the room name, so no room's key is another room's.
    return [`${this.keyPrefix}presence:${room}`, `${this.keyPrefix}presence-index:${room}`];
  }
}
