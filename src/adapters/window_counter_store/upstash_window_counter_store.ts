import type { WindowCountDelta, WindowCounterStore } from "../../ports/window_counter_store.ts";
import { createUpstashClient } from "../upstash/upstash_client.ts";

export interface UpstashWindowCounterStoreOptions {
  url: string;
  token: string;
  /** Upper bound for one call; a failed call is not retried. */
  timeoutMs: number;
  /**
   * Prepended to every counter key. The keys are those of the Upstash rate limiter
   * (`<prefix>:<policy>:<key>:<window>`, integer strings, expiring after two windows and a
   * second), so both count the same units and a reset by either clears both.
   */
  prefix: string;
  /** Deltas sent in one script call at most; a bigger batch takes several. 500 by default. */
  maxBatch?: number;
}

/**
 * For each delta i, KEYS[2i-1] is its window's counter and KEYS[2i] the previous window's; ARGV
 * holds its units and the expiry. INCRBY on a missing key starts from 0; the expiry is set once,
 * when the key is created, like @upstash/ratelimit's sliding-window script. A delta of 0 only
 * reads. Answers the totals flat: current, previous, current, previous, ...
 */
const ADD_SCRIPT = `
local out = {}
for i = 1, #KEYS / 2 do
  local units = tonumber(ARGV[2 * i - 1])
  local current
  if units > 0 then
    current = redis.call("INCRBY", KEYS[2 * i - 1], units)
    if current == units then redis.call("PEXPIRE", KEYS[2 * i - 1], ARGV[2 * i]) end
  else
    current = tonumber(redis.call("GET", KEYS[2 * i - 1]) or "0")
  end
  out[2 * i - 1] = current
  out[2 * i] = tonumber(redis.call("GET", KEYS[2 * i]) or "0")
end
return out
`;

/** The batched limiter's shared counters in Upstash Redis: one EVAL per batch of deltas. */
export function createUpstashWindowCounterStore(
  options: UpstashWindowCounterStoreOptions,
): WindowCounterStore {
  const { prefix, maxBatch = 500 } = options;
  const { redis, call } = createUpstashClient({ ...options, automaticDeserialization: false });
  const base = (policy: string, key: string) => `${prefix}:${encodeURIComponent(policy)}:${key}:`;

  async function addChunk(deltas: readonly WindowCountDelta[]) {
    const keys: string[] = [];
    const args: string[] = [];
    for (const { policy, key, windowMs, window, units } of deltas) {
      keys.push(base(policy, key) + window, base(policy, key) + (window - 1));
      args.push(String(units), String(windowMs * 2 + 1000));
    }
    const flat = await call(
      `add ${deltas.length} rate-limit counts in Redis`,
      "write",
      () => redis.eval<string[], number[]>(ADD_SCRIPT, keys, args),
    );
    if (!Array.isArray(flat) || flat.length !== deltas.length * 2) {
      throw new Error(
        "Cannot add rate-limit counts in Redis: the script answered an unexpected shape",
      );
    }
    return deltas.map((_, i) => ({
      current: Number(flat[2 * i]),
      previous: Number(flat[2 * i + 1]),
    }));
  }

  return {
    name: "redis",
    async add(deltas) {
      const totals = [];
      for (let start = 0; start < deltas.length; start += maxBatch) {
        totals.push(...await addChunk(deltas.slice(start, start + maxBatch)));
      }
      return totals;
    },
    async clear(policy, key, _windowMs, window) {
      const stem = base(policy, key);
      await call(
        `reset rate limit "${policy}" in Redis`,
        "write",
        () => redis.del(stem + (window - 1), stem + window, stem + (window + 1)),
      );
    },
  };
}
