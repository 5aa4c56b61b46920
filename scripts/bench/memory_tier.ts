/**
 * What the in-memory cache tier costs in heap: fills a `createMemoryLruStore` with principals and
 * entitlements shaped like the real ones (half each: a signed-in user brings one of each) and
 * prints the heap growth per entry, to size `CACHE_MEMORY_MAX_ENTRIES` against an isolate's memory.
 *
 *   deno run -A --v8-flags=--expose-gc scripts/bench/memory_tier.ts
 *
 * Also: BENCH_ENTRIES (100000).
 */
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import type { Entitlements } from "../../src/services/billing/entitlements.ts";
import { PLANS } from "../../src/services/billing/plans.ts";
import { positive } from "./bench_servers.ts";
import type { Principal } from "../../src/lib/principal.ts";

const ENTRIES = positive("BENCH_ENTRIES", 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn("Run with --v8-flags=--expose-gc for exact figures");

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
  `memory tier: ${ENTRIES} entries (half principals, half entitlements) grew the heap by ` +
    `${((after - before) / 1e6).toFixed(1)} MB: ${perEntry.toFixed(0)} bytes per entry, ` +
    `${(perEntry * 2).toFixed(0)} bytes per signed-in user`,
);
// Keeps the store reachable until after the measurement.
if ((await store.get("none")) !== undefined) console.log("unexpected entry");
