import { inArray } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import type { NotifyCtx } from "./notify_pitch_published.ts";
import { queueEmail } from "./queue_email.ts";
import { newFollowerEmail } from "./templates/new_follower_email.ts";
import { unsubscribeUrl } from "./unsubscribe_token.ts";
import { utcDay } from "../../lib/utc_day.ts";

/**
 * Queues the "new follower" email to the followed user, after the follow committed. Failures are
 * logged and swallowed: the follow stands either way. One email per pair and UTC day, so
 * unfollowing and following again does not become a way to flood someone's inbox.
 */
export async function notifyNewFollower(
  { ctx, input }: {
    ctx: NotifyCtx & Pick<Ctx, "clock">;
    input: { followerId: string; followeeId: string };
  },
): Promise<void> {
  try {
    const rows = await ctx.db.select({ id: users.id, email: users.email, name: users.name })
      .from(users).where(inArray(users.id, [input.followerId, input.followeeId]));
    const follower = rows.find((row) => row.id === input.followerId);
    const followee = rows.find((row) => row.id === input.followeeId);
    if (!follower || !followee) return;
    const email = newFollowerEmail({
      appUrl: ctx.settings.appUrl,
      to: followee.email,
      userId: followee.id,
      name: followee.name,
      follower: { id: follower.id, name: follower.name },
      unsubscribeUrl: await unsubscribeUrl({
        ctx,
        input: { userId: followee.id, category: "new-follower" },
      }),
    });
    const day = utcDay(ctx.clock.now());
    await queueEmail({
      ctx,
      input: { email, key: `new-follower:${follower.id}:${followee.id}:${day}` },
    });
  } catch (error) {
    ctx.logger.error("New follower email not queued", {
      followeeId: input.followeeId,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}
