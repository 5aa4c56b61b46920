import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { emailDailyCounts } from "../../db/tables/email.ts";
import { utcDay } from "../../lib/utc_day.ts";

/**
 * Takes one notification send out of the user's allowance for the UTC day. One conditional
 * upsert decides (`sent < cap`), so concurrent jobs never exceed the cap. Returns the day the
 * send was counted on (to give it back with `releaseDailySend`), or undefined when none is left.
 */
export async function reserveDailySend(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock" | "settings">; input: { userId: string } },
): Promise<string | undefined> {
  const cap = ctx.settings.mailDailyCap;
  if (cap <= 0) return undefined;
  const day = utcDay(ctx.clock.now());
  const rows = await ctx.db.insert(emailDailyCounts)
    .values({ userId: input.userId, day, sent: 1 })
    .onConflictDoUpdate({
      target: [emailDailyCounts.userId, emailDailyCounts.day],
      set: { sent: sql`${emailDailyCounts.sent} + 1` },
      setWhere: sql`${emailDailyCounts.sent} < ${cap}`,
    })
    .returning({ sent: emailDailyCounts.sent });
  return rows.length > 0 ? day : undefined;
}
