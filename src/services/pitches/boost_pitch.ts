import { eq } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { consumeQuota } from "../billing/consume_quota.ts";
import { forgetUsage } from "../billing/usage_cache.ts";
import { quotaExceeded } from "../billing/quota_exceeded.ts";
import { resolveEntitlements } from "../billing/resolve_entitlements.ts";
import { ConflictError, ForbiddenError } from "../../ports/errors.ts";
import { pitchNotFound } from "./find_owned_pitch.ts";
import { addTrend } from "../../db/trending.ts";
import { canRead, isListed } from "./visibility.ts";

/** A boost counts as this many views in the trending score. */
export const BOOST_WEIGHT = 5;

export interface BoostResult {
  pitchId: string;
  boostsRemaining: number;
  /** Epoch ms the daily boost quota resets. */
  resetsAt: number;
}

/**
 * The owner spends one of their daily boosts to lift a listed pitch in trending. The quota and
 * the score change in one transaction: a boost is never charged without its effect, nor the
 * reverse. Someone who cannot read the pitch gets 404; a reader who is not the owner, 403; an
 * unlisted, draft or archived pitch, 409 (it appears in no list a boost could lift it in).
 */
export async function boostPitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { pitchId: string; userId: string };
  },
): Promise<BoostResult> {
  const { pitchId, userId } = input;
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  const limit = entitlements.limits.dailyBoosts;
  const now = ctx.clock.now();
  const result = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const [pitch] = await tx.select({
      ownerId: pitches.ownerId,
      status: pitches.status,
      visibility: pitches.visibility,
      deletedAt: pitches.deletedAt,
      hiddenAt: pitches.hiddenAt,
    }).from(pitches).where(eq(pitches.id, pitchId)).limit(1);
    if (!pitch || !canRead(pitch, userId)) throw pitchNotFound(pitchId);
    if (pitch.ownerId !== userId) {
      throw new ForbiddenError(
        `Pitch "${pitchId}" belongs to another user; only its owner may boost it`,
      );
    }
    if (!isListed(pitch)) {
      throw new ConflictError(
        `Cannot boost pitch "${pitchId}": only published public pitches can be boosted`,
      );
    }
    const outcome = await consumeQuota({
      ctx: txCtx,
      input: { userId, metric: "boosts", amount: 1, limit },
    });
    if (!outcome.allowed) {
      throw quotaExceeded(
        `Cannot boost pitch "${pitchId}": plan "${entitlements.plan}" allows ${limit} boosts a day`,
        "boosts",
        outcome,
      );
    }
    await tx.update(pitches)
      .set({ trendingScore: addTrend(pitches.trendingScore, BOOST_WEIGHT, now) })
      .where(eq(pitches.id, pitchId));
    return { pitchId, boostsRemaining: outcome.remaining ?? 0, resetsAt: outcome.resetsAt };
  });
  await forgetUsage(ctx, userId);
  return result;
}
