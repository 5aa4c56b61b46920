import { type SQL, sql } from "drizzle-orm";

/**
 * Trending uses forward decay: an event at time t adds weight w * e^((t - T0) / TAU) to a pitch's
 * score, kept as a natural log (the raw sum would overflow). Comparing two pitches at any moment
 * divides both sums by the same e^((now - T0) / TAU), so ordering by the stored score is ordering
 * by exponentially decayed activity, and nothing ever needs recomputing as time passes.
 */
export const TREND_EPOCH_MS = Date.UTC(2026, 0, 1);
/** Time constant of the decay: an event's weight halves about every 1.4 days. */
export const TREND_TAU_MS = 2 * 24 * 60 * 60_000;

export const TREND_WEIGHTS = { publish: 1, view: 1, save: 3 } as const;

/** The log-weight of `weight` units of activity at `atMs`. */
export function trendTerm(weight: number, atMs: number): number {
  return Math.log(weight) + (atMs - TREND_EPOCH_MS) / TREND_TAU_MS;
}

/**
 * SQL adding `weight` units at `atMs` to `score` (a column): log(e^score + e^term), computed
 * without overflow as max + log(1 + e^(min - max)).
 */
export function addTrend(score: SQL | unknown, weight: number, atMs: number): SQL {
  const term = trendTerm(weight, atMs);
  return sql`greatest(${score}, ${term}::float8) + ln(1 + exp(least(${score}, ${term}::float8) - greatest(${score}, ${term}::float8)))`;
}
