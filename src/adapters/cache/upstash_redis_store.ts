import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";
import { systemClock } from "../clock/system_clock.ts";
import { createUpstashClient } from "../upstash/upstash_client.ts";

export interface UpstashRedisStoreOptions {
  /** The database's REST URL (`UPSTASH_REDIS_REST_URL`). */
  url: string;
  /** The REST token; it never appears in an error message. */
  token: string;
  /** Upper bound for one call, connection included; a failed call is not retried. */
  timeoutMs: number;
  /** Prepended to every key so several environments can share one database; "pitchey:" by default. */
  prefix?: string;
  /** Turns `staleUntil` into a TTL; must be the clock of the cache that wrote the entry. */
  clock?: Clock;
}

/**
 * The Redis tier on Upstash's REST API. Entries are stored as JSON with a PX TTL ending at their
 * `staleUntil`. Every failure, a timeout included, is thrown for the tiered cache to count as a miss.
 */
export function createUpstashRedisStore(options: UpstashRedisStoreOptions): CacheStore {
  const { prefix = "pitchey:", clock = systemClock } = options;
  // Calls are not timed here: the tiered cache records the time of every remote tier once.
  const { redis, call } = createUpstashClient({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs,
    // Entries are parsed here, where a corrupt value can be reported as such.
    automaticDeserialization: false,
  });

  return {
    name: "redis",
    async get<T>(key: string) {
      const full = prefix + key;
      const raw = await call(
        `read ${entryOf(key)} from Redis`,
        "read",
        () => redis.get<string>(full),
      );
      if (raw === null) return undefined;
      return parseEntry<T>(raw, key);
    },
    async set<T>(key: string, entry: CacheEntry<T>) {
      const px = Math.ceil(entry.staleUntil - clock.now());
      if (px <= 0) return;
      const full = prefix + key;
      await call(
        `write ${entryOf(key)} to Redis`,
        "write",
        () => redis.set(full, JSON.stringify(entry), { px }),
      );
    },
    async remove(keys: string[]) {
      if (keys.length === 0) return;
      const full = keys.map((key) => prefix + key);
      await call(`remove ${full.length} cache keys from Redis`, "write", () => redis.del(...full));
    },
    async ping() {
      await call("ping Redis", "read", () => redis.ping());
    },
  };
}

/**
 * Names an entry by its namespace only (`a "principal" cache entry`): the rest of a key can be a
 * token digest, a user id or a search, none of which belongs in a log line.
 */
function entryOf(key: string): string {
  return `a "${key.split(":", 1)[0]}" cache entry`;
}

function parseEntry<T>(raw: string, key: string): CacheEntry<T> {
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    throw new Error(`Cannot read ${entryOf(key)} from Redis: the stored value is not JSON`);
  }
  const { freshUntil, staleUntil } = (entry ?? {}) as Partial<CacheEntry<T>>;
  if (typeof freshUntil !== "number" || typeof staleUntil !== "number") {
    throw new Error(`Cannot read ${entryOf(key)} from Redis: the stored value is not an entry`);
  }
  return entry as CacheEntry<T>;
}
