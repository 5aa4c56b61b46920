import type { Ctx } from "../../context.ts";
import { enqueueJob } from "../jobs/enqueue_job.ts";
import type { OutgoingEmail } from "./outgoing_email.ts";
import { sendEmailJob } from "./send_email_job.ts";

/**
 * Queues one email for the `send-email` job through the transactional outbox: called with a
 * transaction's ctx, the email is sent only if that transaction commits. Every service sends
 * mail through here. `key` sends the email at most once for that key (one new-follower email per
 * pair and day).
 */
export async function queueEmail(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "outbox">;
    input: { email: OutgoingEmail; key?: string };
  },
): Promise<void> {
  await enqueueJob({
    ctx,
    input: { name: sendEmailJob.name, payload: input.email, key: input.key },
  });
}
