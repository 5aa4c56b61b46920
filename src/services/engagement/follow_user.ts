import { and, count, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { follows } from "../../db/tables/engagement.ts";
import { users } from "../../db/tables/users.ts";
import { BadRequestError, ConflictError, NotFoundError } from "../../ports/errors.ts";
import { ACCOUNT_CAPS } from "../shared/caps.ts";
import type { NotifyCtx } from "../email/notify_pitch_published.ts";
import { notifyNewFollower } from "../email/notify_new_follower.ts";

/**
 * Follows a user; following again changes nothing. A user follows at most
 * `ACCOUNT_CAPS.following` others. The row is inserted from a select of the user,
 * so a user deleted meanwhile inserts nothing instead of failing on the foreign key; only when
 * nothing was inserted is the user looked up, to tell "already followed" from "no such user".
 * A new follow emails the followed user, after the insert.
 */
export async function followUser(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock"> & NotifyCtx;
    input: { followerId: string; followeeId: string };
  },
): Promise<void> {
  if (input.followerId === input.followeeId) {
    throw new BadRequestError(`User "${input.followerId}" cannot follow themselves`);
  }
  const db = ctx.db;
  const [following] = await db.select({ n: count() }).from(follows)
    .where(eq(follows.followerId, input.followerId));
  if ((following?.n ?? 0) >= ACCOUNT_CAPS.following && !(await isFollowing(ctx, input))) {
    throw new ConflictError(
      `User "${input.followerId}" already follows ${ACCOUNT_CAPS.following} users, the most allowed; unfollow someone first`,
      { limit: ACCOUNT_CAPS.following },
    );
  }
  const followedAt = new Date(ctx.clock.now()).toISOString();
  const inserted = await db.insert(follows)
    .select(
      db.select({
        followerId: sql<string>`${input.followerId}::text`.as("follower_id"),
        followeeId: users.id,
        createdAt: sql<Date>`${followedAt}::timestamptz`.as("created_at"),
      }).from(users).where(eq(users.id, input.followeeId)),
    )
    .onConflictDoNothing()
    .returning({ followeeId: follows.followeeId });
  if (inserted.length > 0) {
    await notifyNewFollower({ ctx, input });
    return;
  }
  const [user] = await db.select({ id: users.id }).from(users)
    .where(eq(users.id, input.followeeId)).limit(1);
  if (!user) throw new NotFoundError(`User "${input.followeeId}" not found`);
}

async function isFollowing(
  ctx: Pick<Ctx, "db">,
  input: { followerId: string; followeeId: string },
): Promise<boolean> {
  const [row] = await ctx.db.select({ id: follows.followeeId }).from(follows)
    .where(and(eq(follows.followerId, input.followerId), eq(follows.followeeId, input.followeeId)))
    .limit(1);
  return row !== undefined;
}
