import type { InvalidationChannel, InvalidationPoll } from "../../ports/invalidation_channel.ts";
import { createUpstashClient } from "../upstash/upstash_client.ts";

export interface UpstashInvalidationChannelOptions {
  /** The database's REST URL (`UPSTASH_REDIS_REST_URL`). */
  url: string;
  /** The REST token; it never appears in an error message. */
  token: string;
  /** Upper bound for one call, connection included; a failed call is not retried. */
  timeoutMs: number;
  /** The cache's key prefix; the channel uses `<prefix>inv:seq` and `<prefix>inv:log`. */
  prefix: string;
  /** Identifies this instance's entries so its own polls skip them. */
  instanceId: string;
  /** Entries kept in the log; a poller further behind than this gets `reset`. */
  maxLog?: number;
}

/** Both keys expire a day after the last publication, so an abandoned prefix cleans itself up. */
export const INVALIDATION_TTL_MS = 86_400_000;

// `allow-key-locking` (an Upstash flag) locks only KEYS instead of the whole database. The entry is
// built by concatenation because ARGV[1] and ARGV[2] arrive already JSON-encoded.
const PUBLISH_SCRIPT = `#!lua flags=allow-key-locking
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], '{"seq":' .. seq .. ',"from":' .. ARGV[1] .. ',"keys":' .. ARGV[2] .. '}')
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return seq`;

// Reads the sequence and the entries after the cursor in one atomic step: between two separate
// calls a publication could shift the tail of the list and hide an entry.
const TAIL_SCRIPT = `#!lua flags=allow-key-locking
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local behind = seq - tonumber(ARGV[1])
if behind <= 0 or behind > tonumber(ARGV[2]) then return {seq} end
local entries = redis.call('LRANGE', KEYS[2], -behind, -1)
table.insert(entries, 1, seq)
return entries`;

/**
 * The invalidation channel on Upstash Redis: a sequence counter and a capped log of entries
 * `{ seq, from, keys }`. Publishing is one atomic script call; a poll when nothing changed is one
 * GET, and only a moved sequence costs a second call that reads the missing tail.
 */
export function createUpstashInvalidationChannel(
  options: UpstashInvalidationChannelOptions,
): InvalidationChannel {
  const { prefix, instanceId, maxLog = 1000 } = options;
  if (!Number.isInteger(maxLog) || maxLog < 1) {
    throw new RangeError(`Cannot create invalidation channel: maxLog "${maxLog}" is not positive`);
  }
  const seqKey = `${prefix}inv:seq`;
  const logKey = `${prefix}inv:log`;
  const { redis, call } = createUpstashClient({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs,
    // The sequence and log entries are parsed here, where an unreadable entry forces a reset.
    automaticDeserialization: false,
  });

  async function readTail(cursor: number): Promise<InvalidationPoll> {
    const reply = await call(
      "read cache invalidations from Redis",
      "read",
      () =>
        redis.eval<string[], unknown[]>(TAIL_SCRIPT, [seqKey, logKey], [`${cursor}`, `${maxLog}`]),
    );
    const [seq, ...raw] = reply;
    if (typeof seq !== "number") {
      throw new Error("Cannot read cache invalidations from Redis: the reply has no sequence");
    }
    // Anything short of every entry from cursor + 1 to seq (a trimmed or expired log, a restarted
    // counter, an unreadable entry) means invalidations were lost: only a full drop is safe.
    if (seq - cursor !== raw.length) return { cursor: seq, reset: true };
    const keys = new Set<string>();
    for (const [index, text] of raw.entries()) {
      const entry = parseEntry(text);
      if (entry?.seq !== cursor + 1 + index) return { cursor: seq, reset: true };
      if (entry.from === instanceId) continue;
      for (const key of entry.keys) keys.add(key);
    }
    return { cursor: seq, keys: [...keys] };
  }

  return {
    async publish(keys) {
      if (keys.length === 0) return;
      const args = [JSON.stringify(instanceId), JSON.stringify(keys), `${maxLog}`];
      await call(
        `publish ${keys.length} cache invalidations to Redis`,
        "write",
        () => redis.eval(PUBLISH_SCRIPT, [seqKey, logKey], [...args, `${INVALIDATION_TTL_MS}`]),
      );
    },
    async poll(cursor) {
      const raw = await call(
        "read the cache invalidation sequence from Redis",
        "read",
        () => redis.get<string>(seqKey),
      );
      const seq = raw === null ? 0 : Number(raw);
      if (cursor === undefined || seq === cursor) return { cursor: seq, keys: [] };
      // A counter below the cursor expired and restarted; one too far ahead has left the log.
      if (seq < cursor || seq - cursor > maxLog) return { cursor: seq, reset: true };
      return await readTail(cursor);
    },
  };
}

interface LogEntry {
  seq: number;
  from: string;
  keys: string[];
}

function parseEntry(text: unknown): LogEntry | undefined {
  try {
    const entry = JSON.parse(String(text)) as Partial<LogEntry> | null;
    const valid = typeof entry?.seq === "number" && typeof entry.from === "string" &&
      Array.isArray(entry.keys) && entry.keys.every((key) => typeof key === "string");
    return valid ? entry as LogEntry : undefined;
  } catch {
    return undefined;
  }
}
