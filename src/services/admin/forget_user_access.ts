import type { Ctx } from "../../context.ts";
import { forgetAccount } from "../accounts/account_cache.ts";
import { forgetUserPrincipals } from "../accounts/forget_user_principals.ts";

/**
 * Call after a committed change to what a user may do (role, suspension): every cached principal
 * of the user and the cached account are dropped on every instance, so the user's next request,
 * here at once and elsewhere within the invalidation window, loads the new state.
 */
export async function forgetUserAccess(
  ctx: Pick<Ctx, "db" | "cache" | "background">,
  userId: string,
): Promise<void> {
  await forgetUserPrincipals({ ctx, input: { userId } });
  await forgetAccount(ctx, userId);
}
