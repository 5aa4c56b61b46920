import type { Ctx } from "../../context.ts";
import { isMailbox, type SentEmail } from "../../ports/mailer.ts";
import { NotFoundError } from "../../ports/errors.ts";

/**
 * The dev mailer's messages, newest first. Not found unless the configured mailer keeps its
 * messages (`MAIL_PROVIDER=dev`); the route is not even mounted otherwise.
 */
export function listDevMail({ ctx }: { ctx: Pick<Ctx, "mailer"> }): SentEmail[] {
  if (!isMailbox(ctx.mailer)) {
    throw new NotFoundError("Mail is sent by a provider; there is no local mailbox");
  }
  return ctx.mailer.recent();
}
