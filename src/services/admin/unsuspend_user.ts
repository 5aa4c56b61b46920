import { and, eq, isNotNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { logAdminAction } from "./admin_audit_log.ts";
import { type AdminUserView, toAdminUserView } from "./admin_user_view.ts";
import { forgetUserAccess } from "./forget_user_access.ts";
import { unchangedUserError } from "./unchanged_user_error.ts";

/**
 * Lifts a suspension: the account's unrevoked sessions and keys work again from the next request
 * (cached refusals are dropped like the cached principals were), and it can sign in. An account
 * that is not suspended is a conflict.
 */
export async function unsuspendUser(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "background" | "logger">;
    input: { actorId: string; userId: string };
  },
): Promise<AdminUserView> {
  const [row] = await ctx.db.update(users)
    .set({
      suspendedAt: null,
      suspendedReason: null,
      suspendedBy: null,
      updatedAt: new Date(ctx.clock.now()),
    })
    .where(and(eq(users.id, input.userId), isNotNull(users.suspendedAt)))
    .returning();
  if (!row) {
    throw await unchangedUserError(ctx, input.userId, `User "${input.userId}" is not suspended`);
  }
  await forgetUserAccess(ctx, row.id);
  logAdminAction(ctx, { action: "unsuspend-user", actorId: input.actorId, targetId: row.id });
  return toAdminUserView(row);
}
