import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { emailDailyCounts } from "../../db/tables/email.ts";

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
