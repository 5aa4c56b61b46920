import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { ConflictError, NotFoundError } from "../../ports/errors.ts";

/**
 * The error of a conditional update of a user that matched no row: the user does not exist (404),
 * or is not in the state the change starts from (409, with `conflict` as the detail).
 */
export async function unchangedUserError(
  ctx: Pick<Ctx, "db">,
  userId: string,
  conflict: string,
): Promise<Error> {
  const [existing] = await ctx.db.select({ id: users.id }).from(users)
    .where(eq(users.id, userId)).limit(1);
  return existing ? new ConflictError(conflict) : new NotFoundError(`No user "${userId}"`);
}
