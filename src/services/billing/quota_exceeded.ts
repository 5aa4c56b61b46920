import { QuotaExceededError } from "../../ports/errors.ts";
import type { QuotaOutcome } from "./consume_quota.ts";
import type { QuotaMetric } from "./plans.ts";

/** The 403 of a refused consumption: the limit, the usage and when the counter resets. */
export function quotaExceeded(
  message: string,
  metric: QuotaMetric,
  outcome: QuotaOutcome,
): QuotaExceededError {
  return new QuotaExceededError(message, {
    metric,
    limit: outcome.limit,
    used: outcome.used,
    resetsAt: new Date(outcome.resetsAt).toISOString(),
  });
}
