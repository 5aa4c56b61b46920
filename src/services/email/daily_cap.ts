import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { emailDailyCounts } from "../../db/tables/email.ts";

/** The UTC calendar day of `now`, as the `date` column stores it. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

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

/** Gives a reservation back after the provider failed to take the message (the job retries). */
export async function releaseDailySend(
  { ctx, input }: {
    ctx: Pick<Ctx, "db">;
    input: { userId: string; day: string };
  },
): Promise<void> {
  await ctx.db.update(emailDailyCounts)
    .set({ sent: sql`greatest(${emailDailyCounts.sent} - 1, 0)` })
    .where(and(eq(emailDailyCounts.userId, input.userId), eq(emailDailyCounts.day, input.day)));
}
