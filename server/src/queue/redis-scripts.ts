/**
 * The Redis store's atomic steps (redis-store.ts), each one Lua script so that no other command
 * runs in between. Keys of one event's room (KEYS[1..4]): `state` (hash: phase, seq, placed,
 * admitted, drawn, seed, drawnAt, waiting, admittedCount), `users` (hash: user id → entry text
 * "seq|position|status|admittedAtMs"), `early` (sorted set of early joiners by arrival seq, until
 * the draw) and `line` (sorted set of placed users by position).
 *
 * Every script first checks that `state` exists: a missing room (never loaded, dropped as stale,
 * or lost with Redis) answers 'missing' and the store loads it from the database, the record.
 */

const MISSING = `if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end`;

/**
 * The joins of one event that arrive together, in arrival order: ARGV holds a user id and the ms
 * its join's challenge stays spendable ('' for none) per join; KEYS[4 + i] is join i's challenge
 * key, spent (SET NX) before anything else, also by a join that finds its old place. Answers a tag
 * and an entry per join: 'spent' (entry ''), 'old' or 'new'; or {'missing'} for them all.
 */
export const JOIN = `${MISSING}
local answers = {}
for i = 1, #ARGV / 2 do
  local user, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  if ttl ~= '' and not redis.call('SET', KEYS[4 + i], '1', 'PX', ttl, 'NX') then
    answers[#answers + 1] = 'spent'
    answers[#answers + 1] = ''
  else
    local found = redis.call('HGET', KEYS[2], user)
    if found then
      answers[#answers + 1] = 'old'
      answers[#answers + 1] = found
    else
      local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
      local phase = redis.call('HGET', KEYS[1], 'phase')
      local position = ''
      local status = 'waiting'
      if phase == 'sold_out' then
        status = 'sold_out'
      elseif phase == 'admitting' then
        position = redis.call('HINCRBY', KEYS[1], 'placed', 1)
        redis.call('ZADD', KEYS[4], position, user)
        redis.call('HINCRBY', KEYS[1], 'waiting', 1)
      else
        redis.call('ZADD', KEYS[3], seq, user)
        redis.call('HINCRBY', KEYS[1], 'waiting', 1)
      end
      local entry = seq .. '|' .. position .. '|' .. status .. '|'
      redis.call('HSET', KEYS[2], user, entry)
      answers[#answers + 1] = 'new'
      answers[#answers + 1] = entry
    end
  end
end
return answers`;

/**
 * ARGV: seed hex, now ms, n, the drawn order ("i,j,k,...": position p goes to the early joiner at
 * index order[p-1] in arrival order, as the database store does). Answers 1 when this call drew,
 * 0 when the room was drawn already, -1 when n no longer matches the early joiners (one slipped
 * in between the count and this script: draw again).
 */
export const DRAW = `${MISSING}
if redis.call('HGET', KEYS[1], 'phase') ~= 'gathering' then return {0} end
local early = redis.call('ZRANGE', KEYS[3], 0, -1)
if #early ~= tonumber(ARGV[3]) then return {-1} end
local position = 0
for index in string.gmatch(ARGV[4], '%d+') do
  position = position + 1
  local user = early[tonumber(index) + 1]
  local seq = string.match(redis.call('HGET', KEYS[2], user), '^(%d+)|')
  redis.call('HSET', KEYS[2], user, seq .. '|' .. position .. '|waiting|')
  redis.call('ZADD', KEYS[4], position, user)
end
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[1], 'phase', 'admitting', 'seed', ARGV[1], 'drawnAt', ARGV[2], 'drawn', position, 'placed', position)
return {1}`;

/**
 * ARGV: count, now ms, and the admitted-through the count was worked out from ('' for any).
 * Admits the next positions in order; answers {from, through, user, position, user, position, ...}
 * (through = from when nobody was admitted, also when admission moved past ARGV[3] meanwhile).
 */
export const ADMIT = `${MISSING}
if redis.call('HGET', KEYS[1], 'phase') ~= 'admitting' then return {0, 0} end
local from = tonumber(redis.call('HGET', KEYS[1], 'admitted') or '0')
if ARGV[3] ~= '' and from ~= tonumber(ARGV[3]) then return {from, from} end
local through = math.min(from + tonumber(ARGV[1]), tonumber(redis.call('HGET', KEYS[1], 'placed') or '0'))
if through <= from then return {from, from} end
local out = {from, through}
local users = redis.call('ZRANGEBYSCORE', KEYS[4], from + 1, through)
for i, user in ipairs(users) do
  local seq = string.match(redis.call('HGET', KEYS[2], user), '^(%d+)|')
  local position = from + i
  redis.call('HSET', KEYS[2], user, seq .. '|' .. position .. '|admitted|' .. ARGV[2])
  table.insert(out, user)
  table.insert(out, position)
end
redis.call('HSET', KEYS[1], 'admitted', through)
redis.call('HINCRBY', KEYS[1], 'waiting', -#users)
redis.call('HINCRBY', KEYS[1], 'admittedCount', #users)
return out`;

/** Everyone still waiting becomes sold_out, and so does every later join. Answers how many. */
export const SOLD_OUT = `${MISSING}
local told = 0
local admitted = tonumber(redis.call('HGET', KEYS[1], 'admitted') or '0')
local function tell(user)
  local seq, position = string.match(redis.call('HGET', KEYS[2], user), '^(%d+)|(%d*)|')
  redis.call('HSET', KEYS[2], user, seq .. '|' .. position .. '|sold_out|')
  told = told + 1
end
for _, user in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do tell(user) end
for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], admitted + 1, '+inf')) do tell(user) end
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[1], 'phase', 'sold_out', 'waiting', 0)
return {told}`;
