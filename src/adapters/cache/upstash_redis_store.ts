import { AsyncLocalStorage } from "node:async_hooks";
import { Redis } from "@upstash/redis";
import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";
import { systemClock } from "../clock/system_clock.ts";

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

/** Deadline of the store call in progress; the client reads it for each request it sends. */
const deadlines = new AsyncLocalStorage<AbortSignal>();
const NO_DEADLINE = new AbortController().signal;

/**
 * The Redis tier on Upstash's REST API. Entries are stored as JSON with a PX TTL ending at their
 * `staleUntil`. Every failure, a timeout included, is thrown for the tiered cache to count as a miss.
 */
export function createUpstashRedisStore(options: UpstashRedisStoreOptions): CacheStore {
  const { token, timeoutMs, prefix = "pitchey:", clock = systemClock } = options;
  const redis = new Redis({
    url: options.url,
    token,
    // The client's default is 5 retries with exponential backoff: seconds lost per call in an outage.
    retry: { retries: 0 },
    // A function, not a fixed signal: on abort the client then throws instead of returning a result.
    signal: () => deadlines.getStore() ?? NO_DEADLINE,
    enableTelemetry: false,
    // Batching would put several callers under one request and one deadline.
    enableAutoPipelining: false,
    // Entries are parsed here, where a corrupt value can be reported as such.
    automaticDeserialization: false,
  });

  async function call<T>(action: string, work: () => Promise<T>): Promise<T> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    Deno.unrefTimer(timer);
    try {
      // Time is recorded once, by the tiered cache around every remote tier.
      return await deadlines.run(deadline.signal, work);
    } catch (error) {
      const reason = deadline.signal.aborted
        ? `timed out after ${timeoutMs} ms`
        : describe(error, token);
      throw new Error(`Cannot ${action}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name: "redis",
    async get<T>(key: string) {
      const full = prefix + key;
      const raw = await call(`read cache key "${full}" from Redis`, () => redis.get<string>(full));
      if (raw === null) return undefined;
      return parseEntry<T>(raw, full);
    },
    async set<T>(key: string, entry: CacheEntry<T>) {
      const px = Math.ceil(entry.staleUntil - clock.now());
      if (px <= 0) return;
      const full = prefix + key;
      await call(
        `write cache key "${full}" to Redis`,
        () => redis.set(full, JSON.stringify(entry), { px }),
      );
    },
    async remove(keys: string[]) {
      if (keys.length === 0) return;
      const full = keys.map((key) => prefix + key);
      await call(`remove ${full.length} cache keys from Redis`, () => redis.del(...full));
    },
    async ping() {
      await call("ping Redis", () => redis.ping());
    },
  };
}

function parseEntry<T>(raw: string, key: string): CacheEntry<T> {
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    throw new Error(`Cannot read cache key "${key}" from Redis: the stored value is not JSON`);
  }
  const { freshUntil, staleUntil } = (entry ?? {}) as Partial<CacheEntry<T>>;
  if (typeof freshUntil !== "number" || typeof staleUntil !== "number") {
    throw new Error(`Cannot read cache key "${key}" from Redis: the stored value is not an entry`);
  }
  return entry as CacheEntry<T>;
}

/**
 * The client's messages end with ", command was: [...]", which would copy keys and cached values
 * into logs; only the reason is kept. The token is masked in case a lower layer ever echoes it.
 */
function describe(error: unknown, token: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split(", command was:")[0]!.slice(0, 300);
  return token === "" ? reason : reason.replaceAll(token, "[redacted]");
}
