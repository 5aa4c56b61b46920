import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { ForbiddenError } from "../../ports/errors.ts";
import { logAdminAction } from "./admin_audit_log.ts";
import { type AdminUserView, toAdminUserView } from "./admin_user_view.ts";
import { forgetUserAccess } from "./forget_user_access.ts";
import { unchangedUserError } from "./unchanged_user_error.ts";

/**
 * Suspends an account: from the next request none of its sessions or API keys authenticate (on
 * other instances within the invalidation window, the same as a revoked session) and it cannot
 * sign in. Nothing is revoked, so lifting the suspension restores the same credentials.
 * Suspending a suspended account is a conflict, so the first reason and actor are kept.
 */
export async function suspendUser(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "background" | "logger">;
    input: { actorId: string; userId: string; reason: string };
  },
): Promise<AdminUserView> {
  if (input.actorId === input.userId) {
    throw new ForbiddenError("Administrators cannot suspend their own account");
  }
  const at = new Date(ctx.clock.now());
  const [row] = await ctx.db.update(users)
    .set({
      suspendedAt: at,
      suspendedReason: input.reason,
      suspendedBy: input.actorId,
      updatedAt: at,
    })
    .where(and(eq(users.id, input.userId), isNull(users.suspendedAt)))
    .returning();
  if (!row) {
    throw await unchangedUserError(
      ctx,
      input.userId,
      `User "${input.userId}" is suspended already`,
    );
  }
  await forgetUserAccess(ctx, row.id);
  logAdminAction(ctx, { action: "suspend-user", actorId: input.actorId, targetId: row.id });
  return toAdminUserView(row);
}
