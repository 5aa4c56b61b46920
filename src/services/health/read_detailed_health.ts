import type { Ctx } from "../../context.ts";
import type { PoolFigures } from "../../db/database.ts";
import type { ProcessFigures } from "../../lib/process_figures.ts";
import type { Release } from "../../lib/settings.ts";
import { API_VERSION } from "../../lib/version.ts";
import { withDeadline } from "../../lib/with_deadline.ts";
import { probe, type ProbeResult } from "./probe.ts";
import { readScrapeFigures } from "./read_scrape_figures.ts";

/** One dependency as `GET /health/detailed` reports it. */
export interface DependencyHealth extends ProbeResult {
  /** "database", "cache:redis", "mailer", "queue", "payments". */
  name: string;
  /** The technology behind it: "pglite", "neon", "resend", "qstash", "stripe", ... */
  provider: string;
  /** True for in-process stand-ins (dev mailer, in-process queue): nothing to reach, no latency. */
  inProcess: boolean;
}

export interface DetailedHealth extends Release {
  status: "ok" | "degraded" | "unavailable";
  version: string;
  region: string;
  environment: string;
  uptimeSeconds: number;
  memory: Omit<ProcessFigures, "uptimeSeconds"> & { cacheBytes: number; cacheEntries: number };
  database: { driver: string; pools: PoolFigures[] };
  queue: {
    provider: string;
    outboxDepth?: number;
    oldestPendingAgeMs?: number;
    pendingFailedJobs?: number;
  };
  dependencies: DependencyHealth[];
}

type HealthCtx = Pick<
  Ctx,
  "db" | "clock" | "database" | "cache" | "mailer" | "queue" | "payments" | "settings"
>;

/**
 * Everything an operator asks first, in one answer: what runs where, its memory, the pools and the
 * queue backlog, and one round trip to each dependency, all in parallel and each under
 * `timeoutMs`. The database is required ("unavailable" without it); any other failure only
 * degrades. Secrets never appear: providers are named, errors are "timeout" or "unreachable".
 */
export async function readDetailedHealth(
  { ctx, input }: { ctx: HealthCtx; input: { timeoutMs: number } },
): Promise<DetailedHealth> {
  const [figures, dependencies] = await Promise.all([
    readScrapeFigures({ ctx, input }),
    probeDependencies(ctx, input.timeoutMs),
  ]);
  const { uptimeSeconds, ...memory } = figures.process;
  const database = dependencies.find((d) => d.name === "database");
  const status = !database?.ok
    ? "unavailable"
    : dependencies.every((d) => d.ok)
    ? "ok"
    : "degraded";
  return {
    status,
    version: API_VERSION,
    ...ctx.settings.release,
    region: ctx.settings.region,
    environment: ctx.settings.environment,
    uptimeSeconds,
    memory: {
      ...memory,
      cacheBytes: figures.memoryCache.bytes,
      cacheEntries: figures.memoryCache.entries,
    },
    database: { driver: ctx.database.driver, pools: figures.pools },
    queue: {
      provider: ctx.queue.name,
      outboxDepth: figures.outbox?.depth,
      oldestPendingAgeMs: figures.outbox?.oldestPendingAgeMs,
      pendingFailedJobs: figures.pendingFailedJobs,
    },
    dependencies,
  };
}

async function probeDependencies(ctx: HealthCtx, timeoutMs: number): Promise<DependencyHealth[]> {
  const remote = (name: string, provider: string, ping: (() => Promise<void>) | undefined) =>
    ping
      ? probe(ping, timeoutMs).then((result) => ({ name, provider, inProcess: false, ...result }))
      : Promise.resolve({ name, provider, inProcess: true, ok: true, latencyMs: 0 });
  const [database, cache, ...others] = await Promise.all([
    remote("database", ctx.database.driver, () => ctx.database.ping()),
    withDeadline(ctx.cache.health(), timeoutMs).catch(() => undefined),
    remote("mailer", ctx.mailer.name, ctx.mailer.ping && (() => ctx.mailer.ping!())),
    remote("queue", ctx.queue.name, ctx.queue.ping && (() => ctx.queue.ping!())),
    remote("payments", ctx.payments.name, ctx.payments.ping && (() => ctx.payments.ping!())),
  ]);
  const tiers: DependencyHealth[] = cache === undefined
    ? [{
      name: "cache",
      provider: "tiered",
      inProcess: false,
      ok: false,
      latencyMs: timeoutMs,
      error: "timeout",
    }]
    : cache.map((tier) => ({
      name: `cache:${tier.tier}`,
      provider: tier.tier,
      inProcess: tier.tier === "memory",
      ok: tier.ok,
      latencyMs: Math.round(tier.latencyMs * 100) / 100,
      ...(tier.ok ? {} : { error: "unreachable" as const }),
    }));
  return [database, ...tiers, ...others];
}
