import { and, count, eq, gte } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
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
 * The owner's analytics of one pitch: distinct viewers per day for the last 30 days (from
 * `pitch_views`, one row per viewer and day) and the running totals. Needs the `analytics`
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
  const rows = await db.select({ day: pitchViews.day, views: count() }).from(pitchViews)
    .where(and(eq(pitchViews.pitchId, pitchId), gte(pitchViews.day, days[0]!)))
    .groupBy(pitchViews.day);
  const byDay = new Map(rows.map((r) => [r.day, r.views]));
  return {
    pitchId,
    viewCount: pitch.viewCount,
    saveCount: pitch.saveCount,
    daily: days.map((date) => ({ date, views: byDay.get(date) ?? 0 })),
  };
}
