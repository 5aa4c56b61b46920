import type { Ctx } from "../../context.ts";
import { BadRequestError } from "../../ports/errors.ts";
import type { FailureReport } from "../../ports/queue.ts";
import { recordFailedJob } from "./record_failed_job.ts";

/**
 * Records the queue provider's report of a message it gave up on (QStash's failure callback) as a
 * dead letter: the job named by the delivery URL (`/jobs/<name>`), the payload as published, and
 * the last delivery's status with the `detail` of our problem document as the error.
 */
export async function recordFailureReport(
  { ctx, input: report }: { ctx: Pick<Ctx, "db" | "clock" | "logger">; input: FailureReport },
): Promise<{ id: string; recorded: boolean }> {
  const jobName = jobNameOf(report.url);
  return await recordFailedJob({
    ctx,
    input: {
      messageId: report.messageId,
      jobName,
      payload: parseOrKeep(report.body),
      error: describeLastDelivery(report.status, report.responseBody),
      attempts: report.attempts,
    },
  });
}

function jobNameOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw new BadRequestError(`Failure report names no job: "${url}" is not a URL`);
  }
  const match = /\/jobs\/([^/]+)$/.exec(path);
  if (!match) throw new BadRequestError(`Failure report names no job: "${url}" is not a job URL`);
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    throw new BadRequestError(`Failure report names no job: "${url}" is not a job URL`);
  }
}

function parseOrKeep(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** "Last delivery answered 503: Cannot send email ..." from our own problem document. */
function describeLastDelivery(status: number, responseBody: string): string {
  let detail: unknown;
  try {
    detail = (JSON.parse(responseBody) as { detail?: unknown } | null)?.detail;
  } catch {
    detail = undefined;
  }
  const text = typeof detail === "string" && detail
    ? `Last delivery answered ${status}: ${detail}`
    : `Last delivery answered ${status}`;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
