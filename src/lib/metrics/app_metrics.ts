import { processCalls, processRequests, processTime } from "../timing.ts";
import { MetricRegistry } from "./registry.ts";

/**
 * Every metric family of the process, declared once. The registry is per process, not per app:
 * Prometheus scrapes a process, and adapters record without being handed a registry (like
 * `processCalls`). Values read with a query (outbox depth, failed jobs) are not here: the metrics
 * route reads them at scrape time, never on a request's path.
 */
export const metrics = new MetricRegistry();

/** Seconds: from a memory hit (well under 1 ms) to a request stuck behind a timeout. */
const LATENCY_BUCKETS = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
];

export const httpRequests = metrics.counter({
  name: "pitchey_http_requests_total",
  help: "HTTP requests answered, by method, route template and status.",
  labels: ["method", "route", "status"],
});

export const httpDuration = metrics.histogram({
  name: "pitchey_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by method, route template and status class.",
  labels: ["method", "route", "status_class"],
  buckets: LATENCY_BUCKETS,
});

metrics.collected({
  name: "pitchey_http_requests_started_total",
  help: "HTTP requests this process has started serving (answered or not yet).",
  type: "counter",
  collect: () => [{ values: [], value: processRequests.http }],
});

export const cacheLookups = metrics.counter({
  name: "pitchey_cache_lookups_total",
  help: "Cache reads per tier and namespace: hit (fresh), stale (served while refreshed), miss.",
  labels: ["tier", "namespace", "result"],
});

metrics.collected({
  name: "pitchey_db_calls_total",
  help: "SQL statements this process has sent (a PGlite transaction counts once).",
  type: "counter",
  collect: () => [{ values: [], value: processCalls.sql }],
});

metrics.collected({
  name: "pitchey_db_time_seconds_total",
  help: "Time spent waiting on SQL statements.",
  type: "counter",
  collect: () => [{ values: [], value: processTime.db / 1000 }],
});

metrics.collected({
  name: "pitchey_redis_calls_total",
  help: "Redis calls this process has made, by effect (one call may send several commands).",
  labels: ["effect"],
  type: "counter",
  collect: () => [
    { values: ["read"], value: processCalls.redisRead },
    { values: ["write"], value: processCalls.redisWrite },
  ],
});

export const redisFailures = metrics.counter({
  name: "pitchey_redis_failures_total",
  help: "Redis calls that failed or timed out, by effect.",
  labels: ["effect"],
});

metrics.collected({
  name: "pitchey_cache_tier_time_seconds_total",
  help: "Time spent in remote cache tiers (Redis); the memory tier is not timed.",
  type: "counter",
  collect: () => [{ values: [], value: processTime.cache / 1000 }],
});

/** Circuit breakers by tier name, each reporting its state: 0 closed, 1 open, 2 half-open. */
export const circuitBreakers = new Map<string, () => number>();

metrics.collected({
  name: "pitchey_cache_circuit_state",
  help: "Circuit breaker of a remote cache tier: 0 closed, 1 open (failing fast), 2 half-open.",
  labels: ["tier"],
  type: "gauge",
  collect: () => [...circuitBreakers].map(([tier, state]) => ({ values: [tier], value: state() })),
});

export const rateLimitRefusals = metrics.counter({
  name: "pitchey_rate_limit_refusals_total",
  help: "Requests or attempts refused by a rate limit or lockout, by policy.",
  labels: ["policy"],
});

export const jobOutcomes = metrics.counter({
  name: "pitchey_jobs_total",
  help: "Job deliveries run, by job and outcome (succeeded, duplicate, failed, rejected).",
  labels: ["job", "outcome"],
});

export const stripeWebhooks = metrics.counter({
  name: "pitchey_billing_webhooks_total",
  help: "Billing webhooks received, by outcome (applied, duplicate, invalid_signature, failed).",
  labels: ["outcome"],
});
