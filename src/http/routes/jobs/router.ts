import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { runJob } from "../../../services/jobs/run_job.ts";
import { NotFoundError, UnauthorizedError } from "../../../ports/errors.ts";
import { BadRequestError } from "../../../ports/errors.ts";
import { validationHook } from "../../validation.ts";

const deliverJob = createRoute({
  method: "post",
  path: "/{name}",
  tags: ["Internal"],
  summary: "Job delivery from QStash (signed with `Upstash-Signature`)",
  request: {
    params: z.object({ name: z.string().min(1).max(64) }),
    headers: z.object({
      "upstash-signature": z.string().min(1).optional(),
      "upstash-message-id": z.string().min(1).max(200).optional(),
      "upstash-retried": z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: {
    200: {
      description: "Handled, or acknowledged as a duplicate delivery",
      content: { "application/json": { schema: z.object({ processed: z.boolean() }) } },
    },
  },
});

/**
 * QStash calls back here. The body is verified against the signature before it is parsed, and the
 * route exists only when a verifier is configured: the in-process queue never uses HTTP.
 */
export function jobsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(deliverJob, async (c) => {
    const deps = c.var.deps;
    const { name } = c.req.valid("param");
    const headers = c.req.valid("header");
    if (!deps.jobVerifier) {
      throw new NotFoundError("Jobs run in process; there is no delivery endpoint");
    }
    const body = await c.req.text();
    const url = `${deps.settings.publicUrl}/jobs/${encodeURIComponent(name)}`;
    const signature = headers["upstash-signature"] ?? "";
    if (!signature || !(await deps.jobVerifier.verify({ signature, body, url }))) {
      throw new UnauthorizedError(`Signature of job delivery "${name}" does not verify`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      throw new BadRequestError(`Payload of job "${name}" is not valid JSON`);
    }
    const attempt = (headers["upstash-retried"] ?? 0) + 1;
    const processed = await runJob({
      ctx: deps,
      input: {
        name,
        payload,
        messageId: headers["upstash-message-id"] ?? `unsigned_${crypto.randomUUID()}`,
        attempt,
        finalAttempt: attempt >= deps.queue.maxAttempts,
      },
    });
    return c.json({ processed }, 200);
  });
  return router;
}
