import { createRoute, z } from "@hono/zod-openapi";
import { problemRef, problemResponses } from "../../schemas/problem_schemas.ts";

const signatureHeaders = {
  "upstash-signature": z.string().min(1).optional(),
  "upstash-message-id": z.string().min(1).max(200).optional(),
  "upstash-retried": z.coerce.number().int().min(0).optional(),
};

export const deliverJobRoute = createRoute({
  method: "post",
  operationId: "deliverJob",
  path: "/{name}",
  tags: ["Internal"],
  summary: "Job delivery from QStash (signed with `Upstash-Signature`)",
  description: "A permanent failure (unknown job, invalid payload, a refusal by the job) answers " +
    "489 with `Upstash-NonRetryable-Error: true` so QStash stops retrying; a transient one 5xx.",
  request: {
    params: z.object({ name: z.string().min(1).max(64) }),
    headers: z.object({
      ...signatureHeaders,
      "job-deduplication-id": z.string().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: {
      description: "Handled, or acknowledged as a duplicate delivery",
      content: { "application/json": { schema: z.object({ processed: z.boolean() }) } },
    },
    ...problemResponses(401, 404, 489),
    503: problemRef(503, "A transient failure: QStash retries the delivery"),
  },
});

export const reportFailureRoute = createRoute({
  method: "post",
  operationId: "reportJobFailure",
  path: "/_failed",
  tags: ["Internal"],
  summary: "QStash failure callback: a message exhausted its retries (signed)",
  description: "Records the message as a failed job, once per message id, for an admin to retry " +
    "or discard (`/v1/admin/jobs/failed`).",
  request: { headers: z.object(signatureHeaders) },
  responses: {
    200: {
      description: "Recorded, or acknowledged as a report seen before",
      content: { "application/json": { schema: z.object({ recorded: z.boolean() }) } },
    },
    ...problemResponses(401, 404, 489),
  },
});
