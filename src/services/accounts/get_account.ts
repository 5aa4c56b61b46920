import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { accountCache } from "./account_cache.ts";
import { type AccountView, toAccountView } from "./user_view.ts";

/** The caller's own account (`GET /v1/me`), through the cache (see `accountCache`). */
export async function getAccount(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "cache">; input: { userId: string } },
): Promise<AccountView> {
  const account = await ctx.cache.swr(accountCache, input.userId, async () => {
    const [row] = await ctx.db.select().from(users).where(eq(users.id, input.userId)).limit(1);
    return row ? toAccountView(row) : undefined;
  });
  // Only reachable in the moment between an account's deletion and its credentials being forgotten.
  if (!account) throw new NotFoundError(`Account "${input.userId}" not found`);
  return account;
}
