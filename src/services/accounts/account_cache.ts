import type { Ctx } from "../../context.ts";
import { cacheNamespace } from "../../ports/cache.ts";
import type { AccountView } from "./user_view.ts";

/**
 * User id -> the account as its owner sees it (`GET /v1/me`), so a signed-in read of it is served
 * from the instance's memory. Every change to the users row calls `forgetAccount` after it has
 * committed; other instances drop their copies through the invalidation log (about a second).
 */
export const accountCache = cacheNamespace<AccountView>({
  name: "account",
  freshMs: 5 * 60_000,
  staleMs: 60 * 60_000,
});

/** Call after any committed change to a user's row (profile, role, verification, password). */
export async function forgetAccount(ctx: Pick<Ctx, "cache">, userId: string): Promise<void> {
  await ctx.cache.remove(accountCache, userId);
}
