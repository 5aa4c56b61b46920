import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { follows } from "../../db/tables/engagement.ts";
import { users } from "../../db/tables/users.ts";
import { type PublicProfileView, toPublicProfileView } from "../accounts/user_view.ts";
import { keysetPage, readMicrosCursor } from "../shared/keyset_page.ts";
import { signCursor } from "../shared/signed_cursor.ts";

export interface ListFollowingInput {
  userId: string;
  limit: number;
  cursor?: string;
}

// Microseconds, as stored: a millisecond cursor would round and skip or repeat follows.
const followedAtMicros = sql<
  string
>`(extract(epoch from ${follows.createdAt}) * 1000000)::bigint::text`;

/**
 * The users the caller follows, most recently followed first, keyset-paginated on (followed at,
 * followee id) over `follows_follower_created_idx`. Public profiles only: never an email.
 */
export async function listFollowing(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "signer">; input: ListFollowingInput },
): Promise<{ items: PublicProfileView[]; nextCursor: string | null }> {
  const filters: SQL[] = [eq(follows.followerId, input.userId)];
  if (input.cursor !== undefined) {
    const [micros, followeeId] = await readMicrosCursor(ctx, input.cursor);
    filters.push(
      sql`(${follows.createdAt}, ${follows.followeeId}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${followeeId})`,
    );
  }
  const rows = await ctx.db
    .select({ user: users, followedAtMicros })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followeeId))
    .where(and(...filters))
    .orderBy(desc(follows.createdAt), desc(follows.followeeId))
    .limit(input.limit + 1);
  return keysetPage(
    rows,
    input.limit,
    (row) => toPublicProfileView(row.user),
    (last) => signCursor(ctx, [last.followedAtMicros, last.user.id]),
  );
}
