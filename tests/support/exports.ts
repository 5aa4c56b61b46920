import { buildReportExportJob } from "../../src/services/exports/build_report_export_job.ts";
import type { Ctx } from "../../src/context.ts";
import { jsonRequest } from "./accounts.ts";
import { expectJson } from "./assertions.ts";
import type { Harness } from "./harness.ts";

/** An export as the API shows it. */
export type ExportView = Record<string, unknown> & {
  id: string;
  status: string;
  completedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  downloadUrl: string | null;
};

/**
 * `POST /v1/me/exports` with the build job held back: the outbox relay publishes it after the
 * commit, and the queue accepts it without running it. The test then runs it by hand with
 * `buildExport`, choosing when and with which context.
 */
export async function requestExportHeld(
  h: Harness,
  token: string,
  body: Record<string, unknown>,
): Promise<ExportView> {
  const queue = h.deps.queue;
  const enqueue = queue.enqueue;
  queue.enqueue = (job, options) =>
    job.name === buildReportExportJob.name
      ? Promise.resolve({ id: `msg_held_${crypto.randomUUID()}` })
      : enqueue.call(queue, job, options);
  try {
    const view = await expectJson<ExportView>(
      await h.app.request("/v1/me/exports", jsonRequest("POST", body, token)),
      202,
    );
    // The relay publishes in the background after the commit: let it, while the hold is on.
    await h.deps.background.drain();
    return view;
  } finally {
    queue.enqueue = enqueue;
  }
}

/** Delivers the build job of `exportId` once, as the queue would, then lets its email go. */
export async function buildExport(
  h: Harness,
  exportId: string,
  ctx: Ctx = h.deps,
): Promise<void> {
  await buildReportExportJob.handle({
    ctx,
    input: { exportId },
    meta: { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt: false },
  });
  await h.deps.background.drain();
}
