import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { follows } from "../../db/tables/engagement.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";

/** Stops following a user; unfollowing one not followed changes nothing. Unknown users are 404. */
export async function unfollowUser(
  { ctx, input }: {
    ctx: Pick<Ctx, "db">;
    input: { followerId: string; followeeId: string };
  },
): Promise<void> {
  const db = ctx.db;
  const deleted = await db.delete(follows)
    .where(and(eq(follows.followerId, input.followerId), eq(follows.followeeId, input.followeeId)))
    .returning({ followeeId: follows.followeeId });
  if (deleted.length > 0) return;
  const [user] = await db.select({ id: users.id }).from(users)
    .where(eq(users.id, input.followeeId)).limit(1);
  if (!user) throw new NotFoundError(`User "${input.followeeId}" not found`);
}
