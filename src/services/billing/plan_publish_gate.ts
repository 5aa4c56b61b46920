import { eq } from "drizzle-orm";
import { users } from "../../db/tables/users.ts";
import type { PublishGate } from "../../ports/publish_gate.ts";
import { QuotaExceededError } from "../../ports/errors.ts";
import { countPublishedPitches } from "./count_published_pitches.ts";
import { loadEntitlements } from "./load_entitlements.ts";

/**
 * Refuses a publish that would take the owner past their plan's `publishedPitches`. Runs inside
 * the publish transaction: locking the owner's user row first serialises the owner's concurrent
 * publishes (each has locked only its own pitch), so each one counts the others' committed
 * results and ten concurrent publishes on a limit of 3 let exactly 3 through.
 *
 * The plan is read from `subscriptions` in the same transaction rather than the entitlements
 * cache: a publish already needs Postgres, and an upgrade must count the moment it is committed.
 */
export const planPublishGate: PublishGate = async ({ ctx, input }) => {
  const { userId, pitchId } = input;
  await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  const entitlements = await loadEntitlements({ ctx, input: { userId } });
  const limit = entitlements.limits.publishedPitches;
  if (limit === null) return;
  const used = await countPublishedPitches({ ctx, input: { userId } });
  if (used < limit) return;
  throw new QuotaExceededError(
    `Cannot publish pitch "${pitchId}": plan "${entitlements.plan}" allows ${limit} published pitches`,
    { metric: "published-pitches", limit, used, resetsAt: null },
  );
};
