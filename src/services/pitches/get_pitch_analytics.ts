import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db, Tx } from "../../db/database.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { pitchViewDaily, pitchViewRollups } from "../../db/tables/analytics.ts";
import { pitchViews } from "../../db/tables/engagement.ts";
import { resolveEntitlements } from "../billing/resolve_entitlements.ts";
import { FeatureNotInPlanError } from "../../ports/errors.ts";
import { findOwnedPitch } from "./find_owned_pitch.ts";

/** Days covered by the daily series, today (UTC) included. */
export const ANALYTICS_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

export interface PitchAnalytics {
  pitchId: string;
  viewCount: number;
  saveCount: number;
  /** One entry per UTC day, oldest first, days without views included as 0. */
  daily: Array<{ date: string; views: number }>;
}

/**
 * The owner's analytics of one pitch: distinct viewers per day for the last 30 days and the
 * running totals. Days the retention job has rolled up are read from `pitch_view_daily`; the rest
 * (today, and any day not rolled up yet) are counted from `pitch_views`, one row per viewer and
 * day, so the answer is the same before and after a roll-up. Needs the `analytics`
 * feature; ownership is checked first so others learn nothing about the owner's plan.
 */
export async function getPitchAnalytics(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { pitchId: string; userId: string };
  },
): Promise<PitchAnalytics> {
  const { pitchId, userId } = input;
  const db = ctx.db;
  const pitch = await findOwnedPitch({ ctx, input: { pitchId, userId } });
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  if (!entitlements.features.analytics) {
    throw new FeatureNotInPlanError(
      `Plan "${entitlements.plan}" does not include "analytics"; upgrade to see pitch analytics`,
      { feature: "analytics", plan: entitlements.plan },
    );
  }
  const today = Math.floor(ctx.clock.now() / DAY_MS) * DAY_MS;
  const days = Array.from(
    { length: ANALYTICS_DAYS },
    (_, i) => new Date(today - (ANALYTICS_DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const byDay = await dailyViews(db, pitchId, days[0]!);
  return {
    pitchId,
    viewCount: pitch.viewCount,
    saveCount: pitch.saveCount,
    daily: days.map((date) => ({ date, views: byDay.get(date) ?? 0 })),
  };
}

/** Views per day since `from` (a UTC date), from the roll-up where there is one, else raw rows. */
async function dailyViews(
  db: Db | Tx,
  pitchId: string,
  from: string,
): Promise<Map<string, number>> {
  const rolledUp = sql`select day from ${pitchViewRollups} where day >= ${from}::date`;
  const result = await db.execute(sql`
    select to_char(day, 'YYYY-MM-DD') as day, views from ${pitchViewDaily}
    where pitch_id = ${pitchId} and day in (${rolledUp})
    union all
    select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as views from ${pitchViews}
    where pitch_id = ${pitchId} and day >= ${from}::date and day not in (${rolledUp})
    group by day`);
  return new Map(
    rowsOf<{ day: string; views: number | string }>(result).map((r) => [r.day, Number(r.views)]),
  );
}
