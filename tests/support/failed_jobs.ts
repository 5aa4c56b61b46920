import { recordFailedJob } from "../../src/services/jobs/record_failed_job.ts";
import type { Harness } from "./harness.ts";

/** A dead letter of a `send-email` job carrying `payload`, recorded as the queue would. */
export async function recordDeadLetter(h: Harness, payload: unknown): Promise<string> {
  const { id } = await recordFailedJob({
    ctx: h.deps,
    input: {
      messageId: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
      jobName: "send-email",
      payload,
      error: "Mail provider down",
      attempts: 3,
    },
  });
  return id;
}
