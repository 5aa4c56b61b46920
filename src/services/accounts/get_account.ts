import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { type AccountView, toAccountView } from "./user_view.ts";

/** The caller's own account (`GET /v1/me`). */
export async function getAccount(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { userId: string } },
): Promise<AccountView> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, input.userId))
    .limit(1);
  // Only reachable in the moment between an account's deletion and its credentials being forgotten.
  if (!row) throw new NotFoundError(`Account "${input.userId}" not found`);
  return toAccountView(row);
}
