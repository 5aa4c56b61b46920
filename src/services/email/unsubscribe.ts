import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { emailOptOuts } from "../../db/tables/email.ts";
import { users } from "../../db/tables/users.ts";
import type { NotificationCategory } from "../../lib/email_categories.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { readUnsubscribeToken } from "./unsubscribe_token.ts";

/** One answer for every link that is not ours, so none can be told from another. */
export const INVALID_UNSUBSCRIBE_LINK = "Unsubscribe link is invalid";

/**
 * Opts the link's user out of the link's category (RFC 8058 one-click: no sign-in, the signed
 * token is the authority). Idempotent; the row is inserted from a select of the user, so a
 * deleted account inserts nothing instead of failing.
 */
export async function unsubscribe(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "signer" | "clock" | "logger">;
    input: { token: string };
  },
): Promise<{ category: NotificationCategory }> {
  const link = await readUnsubscribeToken({ ctx, input });
  if (!link) throw new BadRequestError(INVALID_UNSUBSCRIBE_LINK);
  const at = new Date(ctx.clock.now()).toISOString();
  const inserted = await ctx.db.insert(emailOptOuts).select(
    ctx.db.select({
      userId: users.id,
      category: sql<string>`${link.category}::text`.as("category"),
      createdAt: sql<Date>`${at}::timestamptz`.as("created_at"),
    }).from(users).where(sql`${users.id} = ${link.userId}`),
  ).onConflictDoNothing().returning({ userId: emailOptOuts.userId });
  if (inserted.length > 0) {
    ctx.logger.info("Email unsubscribed", { userId: link.userId, category: link.category });
  }
  return { category: link.category };
}
