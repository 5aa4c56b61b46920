import type { Ctx } from "../../context.ts";
import type { Entitlements } from "./entitlements.ts";
import { metricPeriod } from "./periods.ts";
import { QUOTA_METRICS, type QuotaMetric } from "./plans.ts";
import { readUsage } from "./read_usage.ts";
import { resolveEntitlements } from "./resolve_entitlements.ts";

/** Usage of one limit; `used` is null when the database could not be read. */
export interface MetricUsage {
  used: number | null;
  limit: number | null;
  /** Epoch ms the counter resets; null for published pitches (a standing count). */
  resetsAt: number | null;
}

export type UsageReport = Record<QuotaMetric | "published-pitches", MetricUsage>;

/**
 * The caller's entitlements with current usage of every limit. Entitlements always resolve (see
 * `resolveEntitlements`); usage comes from Postgres, and when it cannot be read the answer still
 * comes, with `used: null`, because an entitlement read must never fail the client.
 */
export async function getMyEntitlements(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { userId: string };
  },
): Promise<{ entitlements: Entitlements; usage: UsageReport }> {
  const { userId } = input;
  const entitlements = await resolveEntitlements({ ctx, input });
  const now = ctx.clock.now();
  const read = await readUsage({ ctx, input: { userId } }).catch(
    (error) => {
      ctx.logger.warn("Usage unavailable; answering entitlements without it", {
        userId,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    },
  );
  const metered = read?.usage;
  const published = read?.publishedPitches ?? null;
  const usage = {
    "published-pitches": {
      used: published,
      limit: entitlements.limits.publishedPitches,
      resetsAt: null,
    },
  } as UsageReport;
  for (const metric of Object.keys(QUOTA_METRICS) as QuotaMetric[]) {
    usage[metric] = {
      used: metered?.[metric].used ?? null,
      limit: entitlements.limits[QUOTA_METRICS[metric].limit],
      resetsAt: metricPeriod(metric, now).resetsAt,
    };
  }
  return { entitlements, usage };
}
