import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { emailOptOuts } from "../../db/tables/email.ts";
import { users } from "../../db/tables/users.ts";
import type { NotificationCategory } from "../../lib/email_categories.ts";

/**
 * Whether a notification of `category` may go to `userId`: "allowed", "unsubscribed" (the user
 * opted out of the category) or "no-account" (deleted since the email was queued). One query.
 */
export async function notificationPermission(
  { ctx, input }: {
    ctx: Pick<Ctx, "db">;
    input: { userId: string; category: NotificationCategory };
  },
): Promise<"allowed" | "unsubscribed" | "no-account"> {
  const [row] = await ctx.db.select({
    optedOut: sql<boolean>`exists (${
      ctx.db.select({ one: sql`1` }).from(emailOptOuts).where(and(
        eq(emailOptOuts.userId, users.id),
        eq(emailOptOuts.category, input.category),
      ))
    })`,
  }).from(users).where(eq(users.id, input.userId)).limit(1);
  if (!row) return "no-account";
  return row.optedOut ? "unsubscribed" : "allowed";
}
