import type { Ctx } from "../../context.ts";
import type { OutgoingEmail } from "./outgoing_email.ts";
import { sendEmailJob } from "./send_email_job.ts";

/**
 * Queues one email for the `send-email` job. Every service sends mail through here, so the way
 * jobs are queued (today `ctx.queue.enqueue`; a transactional outbox next) changes in one place.
 * Throws what the queue throws (`UpstreamError`); callers decide whether mail is worth failing
 * their work for.
 */
export async function queueEmail(
  { ctx, input }: {
    ctx: Pick<Ctx, "queue">;
    input: { email: OutgoingEmail; deduplicationId?: string };
  },
): Promise<void> {
  await ctx.queue.enqueue(
    { name: sendEmailJob.name, payload: input.email },
    input.deduplicationId ? { deduplicationId: input.deduplicationId } : undefined,
  );
}
