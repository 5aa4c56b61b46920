import { QUOTA_METRICS, type QuotaMetric } from "./plans.ts";

/** How often a quota counter starts again from zero (UTC calendar units). */
export type PeriodUnit = "day" | "month";

/** One quota period: its start (the counter's key) and the moment the next one begins. */
export interface Period {
  /** Epoch ms of the period's first instant (UTC midnight, or the first of the month). */
  start: number;
  /** Epoch ms the counter resets: the start of the following period. */
  resetsAt: number;
}

/** The UTC day or month containing `atMs`. */
export function periodAt(unit: PeriodUnit, atMs: number): Period {
  const at = new Date(atMs);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  if (unit === "day") {
    const start = Date.UTC(year, month, at.getUTCDate());
    // Date.UTC rolls day 32 into the next month and month 12 into the next year.
    return { start, resetsAt: Date.UTC(year, month, at.getUTCDate() + 1) };
  }
  return { start: Date.UTC(year, month, 1), resetsAt: Date.UTC(year, month + 1, 1) };
}

/** The current period of a metered quota at `atMs`. */
export function metricPeriod(metric: QuotaMetric, atMs: number): Period {
  return periodAt(QUOTA_METRICS[metric].period, atMs);
}
