// The seat map's Lua scripts: each runs atomically in Redis, so a hold takes every seat or none
// and no two holds ever share a seat. Every script gets ARGV[1] = key prefix, ARGV[2] = now (ms).
//
// Keys (P = NAME_PREFIX): tk:seats:<event> hash seat → h:<hold> | b:<booking> (booked, unpaid) |
// s:<booking> (sold) | w (came free while people wait: kept for the waiting list); a free seat has
// no field. tk:total:<event> seat count, present once the map is loaded. tk:hold:<id> hash of a
// hold; tk:hold-expiry zset of hold ids by expiry (by recheck time while queued); tk:keeping set
// of the events with a waiting list; tk:seat-changes stream, the change feed relayed to
// JetStream. Scripts name their keys from the prefix, so they need one Redis (not a cluster).

const PRELUDE = `
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local EXPIRY = P .. 'tk:hold-expiry'
local FEED = P .. 'tk:seat-changes'
local function seatsKey(ev) return P .. 'tk:seats:' .. ev end
local function totalKey(ev) return P .. 'tk:total:' .. ev end
local function holdKey(id) return P .. 'tk:hold:' .. id end
local KEEPING = P .. 'tk:keeping'

local function statusOf(v)
  if not v then return 'free' end
  if string.sub(v, 1, 2) == 's:' then return 'sold' end
  return 'held'
end

-- A hold counts while its booking is queued, or until it expires.
local function holdLive(id)
  local h = redis.call('HMGET', holdKey(id), 'expires', 'booking')
  if not h[1] then return false end
  if h[2] ~= '' then return true end
  return tonumber(h[1]) > NOW
end

local function available(ev)
  return tonumber(redis.call('GET', totalKey(ev)) or '0') - redis.call('HLEN', seatsKey(ev))
end

-- A seat that comes free is kept for the waiting list while someone waits (it stays 'held' to watchers).
local function freeSeat(ev, seat, changes)
  if redis.call('SISMEMBER', KEEPING, ev) == 1 then
    redis.call('HSET', seatsKey(ev), seat, 'w')
  else
    redis.call('HDEL', seatsKey(ev), seat)
    changes[#changes + 1] = { id = seat, status = 'free' }
  end
end

-- Frees the seats that still name the hold, and forgets it.
local function releaseHold(id, changes)
  local h = redis.call('HMGET', holdKey(id), 'event', 'seats')
  if not h[1] then return nil end
  local marker = 'h:' .. id
  for seat in string.gmatch(h[2], '[^,]+') do
    if redis.call('HGET', seatsKey(h[1]), seat) == marker then freeSeat(h[1], seat, changes) end
  end
  redis.call('DEL', holdKey(id))
  redis.call('ZREM', EXPIRY, id)
  return h[1]
end

local function record(ev, changes)
  if #changes == 0 then return end
  redis.call('XADD', FEED, 'MAXLEN', '~', '100000', '*', 'event', ev, 'available', tostring(available(ev)), 'seats', cjson.encode(changes))
end

local function holdReply(kind, id)
  local h = redis.call('HMGET', holdKey(id), 'event', 'user', 'seats', 'expires', 'ext', 'booking', 'offer')
  return { kind, h[1], h[2], h[3], h[4], h[5], h[6], h[7] or '0' }
end
`;

/** ARGV: P, now, hold id, user id, event id, expires (ms), from waiting list (1/0), seat ids… → {held, available} | {taken, seat…} | {unloaded}. */
const HOLD = `
local id, ev, fromWaitlist = ARGV[3], ARGV[5], ARGV[7] == '1'
if redis.call('EXISTS', totalKey(ev)) == 0 then return { 'unloaded' } end
local changes, taken, seats = {}, {}, {}
for i = 8, #ARGV do
  local seat = ARGV[i]
  seats[#seats + 1] = seat
  local v = redis.call('HGET', seatsKey(ev), seat)
  -- An expired hold not yet swept is released here: expiry is exact, whatever the sweeper's pace.
  if v and string.sub(v, 1, 2) == 'h:' and not holdLive(string.sub(v, 3)) then
    releaseHold(string.sub(v, 3), changes)
    v = redis.call('HGET', seatsKey(ev), seat)
  end
  if v and not (v == 'w' and fromWaitlist) then taken[#taken + 1] = seat end
end
if #taken > 0 then
  record(ev, changes)
  return { 'taken', unpack(taken) }
end
local marker = 'h:' .. id
for _, seat in ipairs(seats) do
  redis.call('HSET', seatsKey(ev), seat, marker)
  changes[#changes + 1] = { id = seat, status = 'held' }
end
redis.call('HSET', holdKey(id), 'event', ev, 'user', ARGV[4], 'seats', table.concat(seats, ','), 'expires', ARGV[6], 'ext', '0', 'booking', '', 'offer', ARGV[7])
redis.call('ZADD', EXPIRY, ARGV[6], id)
record(ev, changes)
return { 'held', tostring(available(ev)) }
`;

/** ARGV: P, now, hold id → {found, event, user, seats, expires, ext, booking} | {missing}. */
const FIND = `
if redis.call('EXISTS', holdKey(ARGV[3])) == 0 then return { 'missing' } end
return holdReply('found', ARGV[3])
`;

/** ARGV: P, now, hold id, user id ('' = anyone) → released | missing | not_yours | queued. */
const RELEASE = `
local h = redis.call('HMGET', holdKey(ARGV[3]), 'event', 'user', 'booking')
if not h[1] then return 'missing' end
if ARGV[4] ~= '' and h[2] ~= ARGV[4] then return 'not_yours' end
if h[3] ~= '' then return 'queued' end
local changes = {}
releaseHold(ARGV[3], changes)
record(h[1], changes)
return 'released'
`;

/** ARGV: P, now, hold id, user id, ttl (ms), most extensions → {extended, …hold} | {missing} | {not_yours} | {cap}. */
const EXTEND = `
local k = holdKey(ARGV[3])
local h = redis.call('HMGET', k, 'user', 'expires', 'booking', 'ext')
if not h[1] then return { 'missing' } end
if h[1] ~= ARGV[4] then return { 'not_yours' } end
if h[3] == '' and tonumber(h[2]) <= NOW then return { 'missing' } end
if tonumber(h[4]) >= tonumber(ARGV[6]) then return { 'cap' } end
local expires = NOW + tonumber(ARGV[5])
redis.call('HSET', k, 'expires', tostring(expires), 'ext', tostring(tonumber(h[4]) + 1))
if h[3] == '' then redis.call('ZADD', EXPIRY, expires, ARGV[3]) end
return holdReply('extended', ARGV[3])
`;

/** ARGV: P, now, hold id, user id, booking id, recheck (ms) → {queued, …hold} | {already, booking} | {missing} | {not_yours}. */
const QUEUE = `
local k = holdKey(ARGV[3])
local h = redis.call('HMGET', k, 'user', 'expires', 'booking')
if not h[1] then return { 'missing' } end
if h[1] ~= ARGV[4] then return { 'not_yours' } end
if h[3] ~= '' then return { 'already', h[3] } end
if tonumber(h[2]) <= NOW then return { 'missing' } end
redis.call('HSET', k, 'booking', ARGV[5])
redis.call('ZADD', EXPIRY, NOW + tonumber(ARGV[6]), ARGV[3])
return holdReply('queued', ARGV[3])
`;

/** ARGV: P, now, hold id, booking id → 1 if undone. */
const UNQUEUE = `
local k = holdKey(ARGV[3])
if redis.call('HGET', k, 'booking') ~= ARGV[4] then return 0 end
redis.call('HSET', k, 'booking', '')
redis.call('ZADD', EXPIRY, redis.call('HGET', k, 'expires'), ARGV[3])
return 1
`;

/**
 * ARGV: P, now, event id, hold id (''), booking id, booked|sold|free, seat ids… → applied | unloaded.
 * PostgreSQL decided it, so booked and sold take the seat whatever the map says (a hold made
 * after Redis lost the map may name it; that hold's booking is refused by the database).
 */
const APPLY = `
local ev, hold, to = ARGV[3], ARGV[4], ARGV[6]
if redis.call('EXISTS', totalKey(ev)) == 0 then return 'unloaded' end
local mine = { ['b:' .. ARGV[5]] = true, ['s:' .. ARGV[5]] = true }
if hold ~= '' then mine['h:' .. hold] = true end
local marker = (to == 'sold' and 's:' or 'b:') .. ARGV[5]
local changes = {}
for i = 7, #ARGV do
  local seat = ARGV[i]
  local v = redis.call('HGET', seatsKey(ev), seat)
  if to == 'free' then
    if v and mine[v] then freeSeat(ev, seat, changes) end
  elseif v ~= marker then
    redis.call('HSET', seatsKey(ev), seat, marker)
    if statusOf(v) ~= statusOf(marker) then changes[#changes + 1] = { id = seat, status = statusOf(marker) } end
  end
end
-- Booked or freed, the hold has done its work.
if hold ~= '' and to ~= 'sold' then
  redis.call('DEL', holdKey(hold))
  redis.call('ZREM', EXPIRY, hold)
end
record(ev, changes)
return 'applied'
`;

/** ARGV: P, now, event id, seat count, then seat id, marker pairs → 1 if loaded, 0 if it was there. */
const LOAD = `
local ev = ARGV[3]
if redis.call('EXISTS', totalKey(ev)) == 1 then return 0 end
redis.call('DEL', seatsKey(ev))
for i = 5, #ARGV, 2 do redis.call('HSET', seatsKey(ev), ARGV[i], ARGV[i + 1]) end
redis.call('SET', totalKey(ev), ARGV[4])
return 1
`;

/** ARGV: P, now, event id → {ok, available, seat, status, …} for every seat not free (status held|sold|kept) | {unloaded}. */
const STATUSES = `
local ev = ARGV[3]
local total = redis.call('GET', totalKey(ev))
if not total then return { 'unloaded' } end
local all = redis.call('HGETALL', seatsKey(ev))
local out, live, taken = { 'ok', '0' }, {}, 0
for i = 1, #all, 2 do
  local seat, v = all[i], all[i + 1]
  local status = statusOf(v)
  if v == 'w' then
    status = 'kept'
  elseif string.sub(v, 1, 2) == 'h:' then
    local id = string.sub(v, 3)
    if live[id] == nil then live[id] = holdLive(id) end
    if not live[id] then status = 'free' end
  end
  if status ~= 'free' then
    taken = taken + 1
    out[#out + 1] = seat
    out[#out + 1] = status
  end
end
out[2] = tostring(tonumber(total) - taken)
return out
`;

/** ARGV: P, now, event id, 1|0. Turned off, the kept seats are free. */
const KEEP = `
local ev = ARGV[3]
if ARGV[4] == '1' then
  redis.call('SADD', KEEPING, ev)
  return 0
end
redis.call('SREM', KEEPING, ev)
local all, changes = redis.call('HGETALL', seatsKey(ev)), {}
for i = 1, #all, 2 do
  if all[i + 1] == 'w' then freeSeat(ev, all[i], changes) end
end
record(ev, changes)
return #changes
`;

/** ARGV: P, now, most holds, recheck (ms) → {released, hold id, booking id, …} for queued holds due a recheck. */
const SWEEP = `
local due = redis.call('ZRANGEBYSCORE', EXPIRY, '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
local out = { 0 }
for _, id in ipairs(due) do
  local h = redis.call('HMGET', holdKey(id), 'booking', 'event')
  if not h[2] then
    redis.call('ZREM', EXPIRY, id)
  elseif h[1] ~= '' then
    out[#out + 1] = id
    out[#out + 1] = h[1]
    redis.call('ZADD', EXPIRY, NOW + tonumber(ARGV[4]), id)
  else
    local changes = {}
    releaseHold(id, changes)
    record(h[2], changes)
    out[1] = out[1] + 1
  end
end
return out
`;

/** ARGV: P, now, owner, lease (ms), most entries → the entries, or nil if another relay holds the lease. */
const CLAIM = `
local lease = P .. 'tk:seat-relay-lease'
local holder = redis.call('GET', lease)
if holder and holder ~= ARGV[3] then return false end
redis.call('SET', lease, ARGV[3], 'PX', ARGV[4])
return redis.call('XRANGE', FEED, '-', '+', 'COUNT', ARGV[5])
`;

export const SEAT_MAP_SCRIPTS = {
  tkHold: HOLD,
  tkFind: FIND,
  tkRelease: RELEASE,
  tkExtend: EXTEND,
  tkQueue: QUEUE,
  tkUnqueue: UNQUEUE,
  tkApply: APPLY,
  tkLoad: LOAD,
  tkStatuses: STATUSES,
  tkKeep: KEEP,
  tkSweep: SWEEP,
  tkClaim: CLAIM,
};

export type SeatMapCommands = Record<keyof typeof SEAT_MAP_SCRIPTS, (...args: (string | number)[]) => Promise<unknown>>;

/** Defines the scripts on a client (EVALSHA, loaded on first use) and returns them as commands. */
export function seatMapCommands(redis: { defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void }): SeatMapCommands {
  for (const [name, body] of Object.entries(SEAT_MAP_SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua: PRELUDE + body });
  return redis as unknown as SeatMapCommands;
}
