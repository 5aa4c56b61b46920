import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Deps } from "../../context.ts";
import { follows } from "../../db/tables/engagement.ts";
import { users } from "../../db/tables/users.ts";
import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { type PublicProfileView, toPublicProfileView } from "../accounts/user_view.ts";
import { BadRequestError } from "../shared/errors.ts";

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
  { ctx, input }: { ctx: Pick<Deps, "database">; input: ListFollowingInput },
): Promise<{ items: PublicProfileView[]; nextCursor: string | null }> {
  const filters: SQL[] = [eq(follows.followerId, input.userId)];
  if (input.cursor !== undefined) {
    const [micros, followeeId] = parseCursor(input.cursor);
    filters.push(
      sql`(${follows.createdAt}, ${follows.followeeId}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${followeeId})`,
    );
  }
  const rows = await ctx.database.db
    .select({ user: users, followedAtMicros })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followeeId))
    .where(and(...filters))
    .orderBy(desc(follows.createdAt), desc(follows.followeeId))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toPublicProfileView(row.user)),
    nextCursor: rows.length > input.limit && last
      ? encodeCursor([last.followedAtMicros, last.user.id])
      : null,
  };
}

function parseCursor(cursor: string): [string, string] {
  const values = decodeCursor(cursor, 2);
  const [micros, followeeId] = values ?? [];
  if (typeof micros !== "string" || !/^\d{1,19}$/.test(micros) || typeof followeeId !== "string") {
    throw new BadRequestError(`Cursor "${cursor}" is not one this API issued`);
  }
  return [micros, followeeId];
}
