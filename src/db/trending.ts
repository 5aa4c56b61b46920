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
 * without overflow as max + log(1 + e^(min - max)). Postgres raises an error when exp()
 * underflows instead of returning 0, so the exponent is kept above -700 (where the smaller side
 * adds nothing a float8 can hold anyway): events about four years apart would otherwise fail.
 */
export function addTrend(score: SQL | unknown, weight: number, atMs: number): SQL {
  const term = trendTerm(weight, atMs);
  return sql`greatest(${score}, ${term}::float8) + ln(1 + exp(greatest(least(${score}, ${term}::float8) - greatest(${score}, ${term}::float8), -700)))`;
}

/** SQL for `trendTerm(weight, at)` of a timestamp column or expression `at`. */
export function trendTermAt(weight: number, at: SQL | unknown): SQL {
  return sql`(ln(${weight}::float8) + (extract(epoch from ${at})::float8 * 1000 - ${TREND_EPOCH_MS}::float8) / ${TREND_TAU_MS}::float8)`;
}

/**
 * SQL taking back `weight` units added at `atMs` from `score`: log(e^score - e^term), computed as
 * score + log(1 - e^(term - score)). It never goes below `floor` (null: no floor), unless the
 * score already was: taking back never raises a score. When the term is all of the score, or
 * more (rounding, or weight that was never added), 1 - e^(...) is zero or negative: it is clamped
 * to 1e-300 so ln() stays defined, and the floor wins. Where the term dwarfs the rest of the
 * score the subtraction cancels catastrophically, but the error is about 1e-14 of the term's own
 * weight, far below anything that orders two pitches. exp() is kept above -700 (see `addTrend`).
 */
export function removeTrend(score: SQL | unknown, weight: number, atMs: number, floor: SQL): SQL {
  const term = trendTerm(weight, atMs);
  return sql`greatest(least(${score}, coalesce(${floor}, '-Infinity'::float8)), ${score} + ln(greatest(1 - exp(greatest(least(${term}::float8 - ${score}, 0), -700)), 1e-300)))`;
}
