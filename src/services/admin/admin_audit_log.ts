import type { Ctx } from "../../context.ts";

export type AdminAction =
  | "change-role"
  | "suspend-user"
  | "unsuspend-user"
  | "hide-pitch"
  | "unhide-pitch"
  | "retry-job"
  | "discard-job";

/**
 * Records an administrator's change as one structured log line: there is no audit table, and the
 * change itself (who and when) is stored on the row it changed. Reasons stay out of the line: they
 * are free text, kept on the row, and may name people.
 */
export function logAdminAction(
  ctx: Pick<Ctx, "logger">,
  entry: { action: AdminAction; actorId: string; targetId: string },
): void {
  ctx.logger.info("Admin action", { audit: true, ...entry });
}
