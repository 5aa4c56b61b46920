/**
 * The in-memory cache tier, two measurements:
 * 1. Heap: fills a `createMemoryLruStore` with principals and entitlements shaped like the real
 *    ones (half each: a signed-in user brings one of each) and prints the heap growth per entry,
 *    to size `CACHE_MEMORY_MAX_ENTRIES` against an isolate's memory.
 * 2. Hit rate: Zipf(s) draws over BENCH_KEYS users (get, and set on a miss, as the tiered cache
 *    does) against tiers of several sizes, for plain LRU (the policy before W-TinyLFU) and the
 *    store itself, next to the ideal (the share of requests that go to the most popular users who
 *    fit); and the cost of one operation of each.
 *
 *   deno run -A --v8-flags=--expose-gc scripts/bench/memory_tier.ts
 *
 * Also: BENCH_ENTRIES (100000), BENCH_KEYS (300000), BENCH_ZIPF_S (1.0), BENCH_REQUESTS (1000000).
 */
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import type { Entitlements } from "../../src/services/billing/entitlements.ts";
import { PLANS } from "../../src/services/billing/plans.ts";
import { positive } from "./bench_servers.ts";
import { seededRandom, zipfSampler } from "./entitlements_support.ts";
import { createPlainLru } from "./plain_lru.ts";
import type { Principal } from "../../src/lib/principal.ts";

const ENTRIES = positive("BENCH_ENTRIES", 100_000);
const KEYS = positive("BENCH_KEYS", 300_000);
const ZIPF_S = positive("BENCH_ZIPF_S", 1.0);
const REQUESTS = positive("BENCH_REQUESTS", 1_000_000);
const SIZES = [1_000, 10_000, 30_000, 100_000];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn("Run with --v8-flags=--expose-gc for exact figures");

await heapPerEntry();
await hitRates();

async function heapPerEntry() {
  const store = createMemoryLruStore({ maxEntries: ENTRIES, clock: systemClock });
  const id = () => crypto.randomUUID().replaceAll("-", "");
  const now = Date.now();
  const times = { freshUntil: now + 300_000, staleUntil: now + 3_900_000 };
  gc?.();
  const before = Deno.memoryUsage().heapUsed;
  for (let i = 0; i < ENTRIES / 2; i++) {
    const userId = `usr_${id()}`;
    const principal: Principal = {
      userId,
      role: "creator",
      via: "session",
      credentialId: `ses_${id()}`,
      scopes: ["read", "write"],
      expiresAt: now + 30 * 86_400_000,
      lastSeenAt: now,
    };
    const entitlements: Entitlements = {
      userId,
      plan: "pro",
      status: "active",
      features: { ...PLANS.pro.features },
      limits: { ...PLANS.pro.limits },
      graceUntil: null,
      resolvedAt: now,
    };
    // Principal keys are a SHA-256 hex digest of the token.
    await store.set(`principal:${id()}${id()}`, { value: principal, ...times });
    await store.set(`entitlements:${userId}`, { value: entitlements, ...times });
  }
  gc?.();
  const after = Deno.memoryUsage().heapUsed;
  const perEntry = (after - before) / ENTRIES;
  console.log(
    `heap: ${ENTRIES} entries (half principals, half entitlements) grew the heap by ` +
      `${((after - before) / 1e6).toFixed(1)} MB: ${perEntry.toFixed(0)} bytes per entry, ` +
      `${(perEntry * 2).toFixed(0)} bytes per signed-in user (sketch and segments included)`,
  );
  // Keeps the store reachable until after the measurement.
  if ((await store.get("none")) !== undefined) console.log("unexpected entry");
}

async function hitRates() {
  const draws = drawKeys();
  let all = 0;
  const top = new Float64Array(KEYS + 1);
  for (let k = 1; k <= KEYS; k++) top[k] = all += 1 / Math.pow(k, ZIPF_S);
  console.log(
    `\nhit rate: Zipf(${ZIPF_S}) over ${KEYS} keys, ${REQUESTS} requests (first 20% warm-up, ` +
      "not counted); get, and set on a miss",
  );
  console.log("tier size   ideal   plain LRU   W-TinyLFU   LRU ns/op   W-TinyLFU ns/op");
  for (const size of SIZES) {
    const lru = await run(draws, size, "lru");
    const tiny = await run(draws, size, "tinylfu");
    console.log(
      [
        String(size).padStart(9),
        pct(top[Math.min(size, KEYS)]! / all).padStart(7),
        pct(lru.rate).padStart(11),
        pct(tiny.rate).padStart(11),
        lru.nsPerOp.toFixed(0).padStart(11),
        tiny.nsPerOp.toFixed(0).padStart(17),
      ].join(" "),
    );
  }
  console.log(
    "ns/op: wall time per request (a get, plus a set on a miss), single thread. The plain LRU " +
      "is a bare Map (no byte estimate, no expiry sweep), so its figure is a floor.",
  );
}

function drawKeys(): string[] {
  const draw = zipfSampler(KEYS, ZIPF_S, seededRandom(42));
  const names = Array.from({ length: KEYS }, (_, k) => `entitlements:usr_${k}`);
  return Array.from({ length: REQUESTS }, () => names[draw()]!);
}

/** Hit rate and wall time per request of one policy; both are awaited, as the tiered cache does. */
async function run(draws: string[], size: number, policy: "lru" | "tinylfu") {
  const warmup = Math.floor(draws.length / 5);
  const entry = {
    value: 1,
    freshUntil: Number.MAX_SAFE_INTEGER,
    staleUntil: Number.MAX_SAFE_INTEGER,
  };
  const store = policy === "lru"
    ? createPlainLru<typeof entry>(size)
    : createMemoryLruStore({ maxEntries: size, clock: systemClock });
  let hits = 0;
  const started = performance.now();
  for (let i = 0; i < draws.length; i++) {
    const key = draws[i]!;
    if (await store.get(key)) {
      if (i >= warmup) hits++;
    } else await store.set(key, entry);
  }
  const ms = performance.now() - started;
  return { rate: hits / (draws.length - warmup), nsPerOp: ms * 1e6 / draws.length };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
