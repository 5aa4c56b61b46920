import type { Ctx } from "../../context.ts";
import type { NotificationCategory } from "../../lib/email_categories.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { readUnsubscribeToken } from "./unsubscribe_token.ts";
import { INVALID_UNSUBSCRIBE_LINK } from "./unsubscribe.ts";

/**
 * What an unsubscribe link would stop, without changing anything: a person's click (GET) gets a
 * confirmation page, because link scanners and prefetchers open links too (RFC 8058 keeps the
 * change on POST).
 */
export async function readUnsubscribeLink(
  { ctx, input }: { ctx: Pick<Ctx, "signer">; input: { token: string } },
): Promise<{ category: NotificationCategory }> {
  const link = await readUnsubscribeToken({ ctx, input });
  if (!link) throw new BadRequestError(INVALID_UNSUBSCRIBE_LINK);
  return { category: link.category };
}
