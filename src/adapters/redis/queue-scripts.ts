/**
 * The Lua scripts behind {@link RedisQueue}. Each runs atomically on the server, so two consumers
 * can never claim the same entry and a crash can never leave a message half moved.
 *
 * Data model (keys under `ws:q:<name>:`, see `queueKeys`):
 * - `stream`: messages ready or in flight, one entry each with fields `m` (message id), `b` (JSON
 *   body), `s` (sent at, ms), and after a release `c` (receives before this entry) and `e` (last
 *   error). Consumer group `g` tracks delivery: entries after its last-delivered id are visible,
 *   entries in its pending entries list (PEL) have been received and not deleted.
 * - `inflight`: sorted set of the PEL's entry ids scored by visible-at on the caller's clock. An
 *   entry whose score has passed is visible again and is re-claimed with XCLAIM, which bumps the
 *   PEL's delivery counter. (XAUTOCLAIM's min-idle compares Redis' own clock, which an injected
 *   clock does not move, so the sorted set decides *which* entries are due.)
 * - `delayed` + `delayed:data`: sorted set of message ids scored by visible-at, and a hash of their
 *   stream fields (MessagePack); due ones are appended to the stream by the next receive.
 * - `dlq` (stream, fields m b s c e d) + `dlq:index` (hash message id → dlq entry id).
 * - `seq`: message id counter; `dedup:<id>`: `<message id>:<expires at>` with PX = dedup window.
 *
 * Receive counts: a message's count is `c` + the PEL delivery counter of its current entry.
 * Numbers cross into Lua as decimal strings computed in TypeScript, so no float formatting applies.
 */

/**
 * KEYS: stream, delayed, data, seq, dedup keys. ARGV: now, dedup window ms, dedup expires-at, n,
 * then per entry: body, visible-at ('' = now), dedup key index (0 = none).
 * Returns flat [message id, 1 if deduplicated else 0]*.
 */
const SEND = `
local now, window, expiresAt, n = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local last = redis.call('INCRBY', KEYS[4], n)
local out = {}
for i = 1, n do
  local at = 4 + (i - 1) * 3
  local body, visibleAt, dedup = ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3])
  local id = tostring(last - n + i)
  local seen = false
  if dedup > 0 and window > 0 then
    local key = KEYS[4 + dedup]
    local mark = id .. ':' .. expiresAt
    if not redis.call('SET', key, mark, 'NX', 'PX', window) then
      local old = redis.call('GET', key)
      local sep = old and string.find(old, ':', 1, true)
      if sep and tonumber(string.sub(old, sep + 1)) > tonumber(now) then
        seen = string.sub(old, 1, sep - 1)
      else
        redis.call('SET', key, mark, 'PX', window)
      end
    end
  end
  if seen then
    out[#out + 1] = seen
    out[#out + 1] = 1
  else
    if visibleAt == '' then
      redis.call('XADD', KEYS[1], '*', 'm', id, 'b', body, 's', now)
    else
      redis.call('HSET', KEYS[3], id, cmsgpack.pack({ 'm', id, 'b', body, 's', now }))
      redis.call('ZADD', KEYS[2], visibleAt, id)
    end
    out[#out + 1] = id
    out[#out + 1] = 0
  end
end
return out
`;

/** Shared by the scripts that move entries: field lists, dead-lettering, chunked variadic calls. */
const HELPERS = `
local function fieldsOf(list)
  local f = {}
  for i = 1, #list, 2 do f[list[i]] = list[i + 1] end
  return f
end
local function each(command, key, items)
  for i = 1, #items, 500 do
    local args = {}
    for j = i, math.min(i + 499, #items) do args[#args + 1] = items[j] end
    redis.call(command, key, unpack(args))
  end
end
local function deadLetter(keys, group, now, entryId, f, count)
  local dlqId = redis.call('XADD', keys.dlq, '*', 'm', f.m, 'b', f.b, 's', f.s, 'c', count, 'e', f.e or '', 'd', now)
  redis.call('HSET', keys.dlqIndex, f.m, dlqId)
  redis.call('XACK', keys.stream, group, entryId)
  redis.call('XDEL', keys.stream, entryId)
  redis.call('ZREM', keys.inflight, entryId)
end
`;

/**
 * KEYS: stream, inflight, delayed, data, dlq, dlq index. ARGV: group, consumer, now, visible-at,
 * max, maxReceiveCount, promote limit. Returns flat [entry id, deliveries, receive count, m, b, s]*.
 */
const RECEIVE = `${HELPERS}
local keys = { stream = KEYS[1], inflight = KEYS[2], delayed = KEYS[3], data = KEYS[4], dlq = KEYS[5], dlqIndex = KEYS[6] }
local group, consumer, now, visibleAt = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local max, maxReceives = tonumber(ARGV[5]), tonumber(ARGV[6])

local due = redis.call('ZRANGEBYSCORE', keys.delayed, '-inf', now, 'LIMIT', 0, tonumber(ARGV[7]))
for _, id in ipairs(due) do
  local packed = redis.call('HGET', keys.data, id)
  if packed then redis.call('XADD', keys.stream, '*', unpack(cmsgpack.unpack(packed))) end
end
if #due > 0 then
  each('HDEL', keys.data, due)
  each('ZREM', keys.delayed, due)
end

local out, got = {}, 0
local function deliver(entryId, deliveries, f)
  local count = (tonumber(f.c) or 0) + deliveries
  if count > maxReceives then
    deadLetter(keys, group, now, entryId, f, count - 1)
    return false
  end
  out[#out + 1] = entryId
  out[#out + 1] = deliveries
  out[#out + 1] = count
  out[#out + 1] = f.m
  out[#out + 1] = f.b
  out[#out + 1] = f.s
  got = got + 1
  return true
end

local expired = redis.call('ZRANGEBYSCORE', keys.inflight, '-inf', now, 'LIMIT', 0, max)
for _, entryId in ipairs(expired) do
  local pending = redis.call('XPENDING', keys.stream, group, entryId, entryId, 1)[1]
  local claimed = pending and redis.call('XCLAIM', keys.stream, group, consumer, 0, entryId)[1]
  if not claimed then
    redis.call('ZREM', keys.inflight, entryId)
  elseif deliver(entryId, pending[4] + 1, fieldsOf(claimed[2])) then
    redis.call('ZADD', keys.inflight, visibleAt, entryId)
  end
end

while got < max do
  local want = max - got
  local read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', want, 'STREAMS', keys.stream, '>')
  if not read then break end
  local entries, scored, dead = read[1][2], {}, 0
  for _, entry in ipairs(entries) do
    if deliver(entry[1], 1, fieldsOf(entry[2])) then
      scored[#scored + 1] = visibleAt
      scored[#scored + 1] = entry[1]
    else
      dead = dead + 1
    end
  end
  if #scored > 0 then each('ZADD', keys.inflight, scored) end
  if dead == 0 or #entries < want then break end
end
return out
`;

/** Is (entry id, deliveries) the current lease? Shared by delete, changeVisibility and release. */
const LEASE = `
local function holds(stream, group, entryId, deliveries)
  local pending = redis.call('XPENDING', stream, group, entryId, entryId, 1)[1]
  return pending ~= nil and pending[4] == tonumber(deliveries)
end
`;

/** KEYS: stream, inflight. ARGV: group, then (entry id, deliveries)*. Returns 1/0 per pair. */
const DELETE = `${LEASE}
local group, ok, done, seen = ARGV[1], {}, {}, {}
for i = 2, #ARGV, 2 do
  local entryId = ARGV[i]
  if not seen[entryId] and holds(KEYS[1], group, entryId, ARGV[i + 1]) then
    seen[entryId] = true
    done[#done + 1] = entryId
    ok[#ok + 1] = 1
  else
    ok[#ok + 1] = 0
  end
end
if #done > 0 then
  for i = 1, #done, 500 do
    local ids = {}
    for j = i, math.min(i + 499, #done) do ids[#ids + 1] = done[j] end
    redis.call('XACK', KEYS[1], group, unpack(ids))
    redis.call('XDEL', KEYS[1], unpack(ids))
    redis.call('ZREM', KEYS[2], unpack(ids))
  end
end
return ok
`;

/** KEYS: stream, inflight. ARGV: group, entry id, deliveries, visible-at. */
const CHANGE_VISIBILITY = `${LEASE}
if not holds(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[2], 'XX', ARGV[4], ARGV[2])
return 1
`;

/**
 * KEYS: stream, inflight, delayed, data. ARGV: group, entry id, deliveries, visible-at ('' = now),
 * has error ('1'/'0'), error. Acks the entry and adds it again (now or delayed) with its receive
 * count carried in `c` and the error in `e`, so the old handle is stale and the count goes on.
 */
const RELEASE = `${HELPERS}${LEASE}
local group, entryId, deliveries, visibleAt = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if not holds(KEYS[1], group, entryId, deliveries) then return 0 end
local entry = redis.call('XRANGE', KEYS[1], entryId, entryId)[1]
local f = fieldsOf(entry[2])
local fields = { 'm', f.m, 'b', f.b, 's', f.s, 'c', tostring((tonumber(f.c) or 0) + tonumber(deliveries)) }
local err = ARGV[5] == '1' and ARGV[6] or f.e
if err then
  fields[#fields + 1] = 'e'
  fields[#fields + 1] = err
end
redis.call('XACK', KEYS[1], group, entryId)
redis.call('XDEL', KEYS[1], entryId)
redis.call('ZREM', KEYS[2], entryId)
if visibleAt == '' then
  redis.call('XADD', KEYS[1], '*', unpack(fields))
else
  redis.call('HSET', KEYS[4], f.m, cmsgpack.pack(fields))
  redis.call('ZADD', KEYS[3], visibleAt, f.m)
end
return 1
`;

/**
 * KEYS: stream, inflight, delayed, data, dlq. ARGV: group, now, scan limit. Returns [visible,
 * in flight, delayed, oldest visible sent-at or -1, dead-lettered]. The oldest is the minimum over
 * the first `scan limit` candidates of each kind (undelivered, expired in flight, due delayed).
 */
const STATS = `${HELPERS}
local group, now, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local pel = redis.call('XPENDING', KEYS[1], group)[1]
local fresh = redis.call('XLEN', KEYS[1]) - pel
local inflightDue = redis.call('ZCOUNT', KEYS[2], '-inf', now)
local delayedDue = redis.call('ZCOUNT', KEYS[3], '-inf', now)
local oldest = -1
local function consider(sentAt)
  local s = tonumber(sentAt)
  if s and (oldest < 0 or s < oldest) then oldest = s end
end
if fresh > 0 then
  local lastId = '0-0'
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
    local g = fieldsOf(info)
    if g.name == group then lastId = g['last-delivered-id'] end
  end
  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '(' .. lastId, '+', 'COUNT', limit)) do
    consider(fieldsOf(entry[2]).s)
  end
end
for _, entryId in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)) do
  local entry = redis.call('XRANGE', KEYS[1], entryId, entryId)[1]
  if entry then consider(fieldsOf(entry[2]).s) end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, limit)) do
  local packed = redis.call('HGET', KEYS[4], id)
  if packed then consider(fieldsOf(cmsgpack.unpack(packed)).s) end
end
return {
  fresh + inflightDue + delayedDue,
  redis.call('ZCARD', KEYS[2]) - inflightDue,
  redis.call('ZCARD', KEYS[3]) - delayedDue,
  oldest,
  redis.call('XLEN', KEYS[5]),
}
`;

/**
 * KEYS: stream, dlq, dlq index. ARGV: limit, then message ids (none = the oldest `limit`).
 * Adds each back to the stream with its id and sent-at and no receive count or error.
 */
const REDRIVE = `
local ids, moved = {}, 0
if #ARGV == 1 then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', tonumber(ARGV[1]))) do
    ids[#ids + 1] = { entry[1], entry[2] }
  end
else
  for i = 2, #ARGV do
    local dlqId = redis.call('HGET', KEYS[3], ARGV[i])
    local entry = dlqId and redis.call('XRANGE', KEYS[2], dlqId, dlqId)[1]
    if entry then ids[#ids + 1] = { entry[1], entry[2] } end
  end
end
for _, pair in ipairs(ids) do
  local f = {}
  for i = 1, #pair[2], 2 do f[pair[2][i]] = pair[2][i + 1] end
  redis.call('XADD', KEYS[1], '*', 'm', f.m, 'b', f.b, 's', f.s)
  redis.call('XDEL', KEYS[2], pair[1])
  redis.call('HDEL', KEYS[3], f.m)
  moved = moved + 1
end
return moved
`;

/** KEYS: dlq, dlq index. Returns how many dead letters were dropped. */
const PURGE = `
local n = redis.call('XLEN', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return n
`;

/** Script name → Lua and key count (undefined: the caller passes the count first, for variable keys). */
export const QUEUE_SCRIPTS = {
  wsqSend: { lua: SEND, numberOfKeys: undefined },
  wsqReceive: { lua: RECEIVE, numberOfKeys: 6 },
  wsqDelete: { lua: DELETE, numberOfKeys: 2 },
  wsqChangeVisibility: { lua: CHANGE_VISIBILITY, numberOfKeys: 2 },
  wsqRelease: { lua: RELEASE, numberOfKeys: 4 },
  wsqStats: { lua: STATS, numberOfKeys: 5 },
  wsqRedrive: { lua: REDRIVE, numberOfKeys: 3 },
  wsqPurge: { lua: PURGE, numberOfKeys: 2 },
} as const;

type Arg = string | number;

/** The commands {@link defineQueueScripts} adds to a client (EVALSHA, falling back to EVAL once). */
export interface QueueScripts {
  wsqSend(...keysThenArgs: Arg[]): Promise<(string | number)[]>;
  wsqReceive(...keysThenArgs: Arg[]): Promise<(string | number)[]>;
  wsqDelete(...keysThenArgs: Arg[]): Promise<number[]>;
  wsqChangeVisibility(...keysThenArgs: Arg[]): Promise<number>;
  wsqRelease(...keysThenArgs: Arg[]): Promise<number>;
  wsqStats(...keysThenArgs: Arg[]): Promise<number[]>;
  wsqRedrive(...keysThenArgs: Arg[]): Promise<number>;
  wsqPurge(...keysThenArgs: Arg[]): Promise<number>;
}

interface ScriptHost {
  defineCommand(name: string, definition: { lua: string; numberOfKeys?: number }): void;
}

/** Defines the queue scripts on a client once; later calls (another queue on the same client) reuse them. */
export function defineQueueScripts<C extends ScriptHost>(client: C): C & QueueScripts {
  const host = client as C & Partial<QueueScripts>;
  for (const [name, { lua, numberOfKeys }] of Object.entries(QUEUE_SCRIPTS)) {
    if (typeof host[name as keyof QueueScripts] === 'function') continue;
    client.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
  }
  return host as C & QueueScripts;
}
