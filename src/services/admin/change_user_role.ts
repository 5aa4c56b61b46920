import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { ForbiddenError, NotFoundError } from "../../ports/errors.ts";
import { logAdminAction } from "./admin_audit_log.ts";
import { type AdminUserView, toAdminUserView } from "./admin_user_view.ts";
import { forgetUserAccess } from "./forget_user_access.ts";
import type { UserRole } from "../../lib/enums.ts";

/**
 * Changes a user's role. Cached principals carry the role, so every credential of the user is
 * dropped from every instance's cache: the new role applies from the user's next request (on other
 * instances within the invalidation window, about two seconds).
 */
export async function changeUserRole(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "background" | "logger">;
    input: { actorId: string; userId: string; role: UserRole };
  },
): Promise<AdminUserView> {
  if (input.actorId === input.userId && input.role !== "admin") {
    throw new ForbiddenError("Administrators cannot remove their own admin role");
  }
  const db = ctx.db;
  const [row] = await db.update(users)
    .set({ role: input.role, updatedAt: new Date(ctx.clock.now()) })
    .where(eq(users.id, input.userId))
    .returning();
  if (!row) throw new NotFoundError(`No user "${input.userId}"`);
  await forgetUserAccess(ctx, row.id);
  logAdminAction(ctx, { action: "change-role", actorId: input.actorId, targetId: row.id });
  return toAdminUserView(row);
}
