import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { queueEmail } from "./queue_email.ts";
import { pitchPublishedEmail } from "./templates/pitch_published_email.ts";
import { unsubscribeUrl } from "./unsubscribe_token.ts";

export type NotifyCtx = Pick<Ctx, "db" | "clock" | "outbox" | "settings" | "signer" | "logger">;

/**
 * Queues the "your pitch is live" email to its owner. Called after the publish committed; mail is
 * never worth failing the publish for, so every failure is logged and swallowed. Deduplicated by
 * pitch, and opt-outs and the daily cap are checked when the job runs.
 */
export async function notifyPitchPublished(
  { ctx, input }: { ctx: NotifyCtx; input: { pitchId: string; title: string; ownerId: string } },
): Promise<void> {
  try {
    const [owner] = await ctx.db.select({ email: users.email, name: users.name }).from(users)
      .where(eq(users.id, input.ownerId)).limit(1);
    if (!owner) return;
    const email = pitchPublishedEmail({
      appUrl: ctx.settings.appUrl,
      to: owner.email,
      userId: input.ownerId,
      name: owner.name,
      pitch: { id: input.pitchId, title: input.title },
      unsubscribeUrl: await unsubscribeUrl({
        ctx,
        input: { userId: input.ownerId, category: "pitch-published" },
      }),
    });
    await queueEmail({
      ctx,
      input: { email, key: `pitch-published:${input.pitchId}` },
    });
  } catch (error) {
    ctx.logger.error("Pitch published email not queued", {
      pitchId: input.pitchId,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}
