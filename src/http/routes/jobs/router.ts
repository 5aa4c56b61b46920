import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../../context.ts";
import {
  type AppError,
  BadRequestError,
  JobRefusedError,
  NotFoundError,
  UnauthorizedError,
} from "../../../ports/errors.ts";
import { FAILURE_REPORT_PATH, type JobSignatureVerifier } from "../../../ports/queue.ts";
import { isPermanentJobFailure } from "../../../services/jobs/job_failures.ts";
import { recordFailureReport } from "../../../services/jobs/record_failure_report.ts";
import { runJob } from "../../../services/jobs/run_job.ts";
import { validationHook } from "../../validation.ts";
import { deliverJobRoute, reportFailureRoute } from "./job_routes.ts";

/**
 * QStash calls back here: job deliveries at `/jobs/<name>`, failure reports at `/jobs/_failed`.
 * Bodies are verified against the signature before they are parsed, and the routes exist only when
 * a verifier is configured: the in-process queue never uses HTTP. A failure retrying cannot fix
 * answers 489 with `Upstash-NonRetryable-Error: true` (QStash then stops and reports it); any
 * other failure goes to the app's error handler (503 with `Retry-After` for an outage, else 500),
 * and QStash retries.
 */
export function jobsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Registered before `/{name}`, which would match it too.
  router.openapi(reportFailureRoute, async (c) => {
    const deps = c.get("deps");
    const body = await verifiedBody(c, `${deps.settings.publicUrl}${FAILURE_REPORT_PATH}`);
    return await refusingForGood(c, async () => {
      const report = verifier(c).readFailureReport(body);
      const { recorded } = await recordFailureReport({ ctx: deps, input: report });
      return c.json({ recorded }, 200);
    });
  });
  router.openapi(deliverJobRoute, async (c) => {
    const deps = c.get("deps");
    const { name } = c.req.valid("param");
    const headers = c.req.valid("header");
    const url = `${deps.settings.publicUrl}/jobs/${encodeURIComponent(name)}`;
    const body = await verifiedBody(c, url);
    return await refusingForGood(c, async () => {
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        throw new BadRequestError(`Payload of job "${name}" is not valid JSON`);
      }
      const attempt = (headers["upstash-retried"] ?? 0) + 1;
      const deduplicationId = headers["job-deduplication-id"];
      const processed = await runJob({
        ctx: deps,
        input: {
          name,
          payload,
          messageId: headers["upstash-message-id"] ?? `unsigned_${crypto.randomUUID()}`,
          attempt,
          finalAttempt: attempt >= deps.queue.maxAttempts,
          ...(deduplicationId === undefined ? {} : { deduplicationId }),
        },
      });
      return c.json({ processed }, 200);
    });
  });
  return router;
}

function verifier(c: Context<AppEnv>): JobSignatureVerifier {
  const found = c.get("deps").jobVerifier;
  if (!found) throw new NotFoundError("Jobs run in process; there is no delivery endpoint");
  return found;
}

/** The raw body, once its `Upstash-Signature` verifies for `url`; else a 401. */
async function verifiedBody(c: Context<AppEnv>, url: string): Promise<string> {
  const check = verifier(c);
  const body = await c.req.text();
  const signature = c.req.header("upstash-signature") ?? "";
  if (!signature || !(await check.verify({ signature, body, url }))) {
    throw new UnauthorizedError(
      `Signature of job delivery "${new URL(url).pathname}" does not verify`,
    );
  }
  return body;
}

/** Runs `work`; a permanent failure becomes a `JobRefusedError` (489), which QStash never retries. */
async function refusingForGood<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isPermanentJobFailure(error) || error instanceof JobRefusedError) throw error;
    const refusal = error as AppError;
    c.get("deps").logger.warn("Job refused for good", {
      path: c.req.path,
      messageId: c.req.header("upstash-message-id"),
      code: refusal.code,
      error: refusal.message,
    });
    throw new JobRefusedError(refusal.message, { code: refusal.code, ...refusal.extensions });
  }
}
