import { createRoute, z } from "@hono/zod-openapi";
import { FAILED_JOB_STATUSES } from "../../../../lib/enums.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const tags = ["Admin"];
const security = AUTHENTICATED;
const params = z.object({ id: z.string().min(1).max(64) });

const FailedJobSchema = z.object({
  id: z.string(),
  messageId: z.string().openapi({ description: "The queue's message id of the failed deliveries" }),
  jobName: z.string(),
  error: z.string().openapi({ description: "Why the last delivery failed, safe to show" }),
  attempts: z.number().int(),
  failedAt: z.iso.datetime(),
  status: z.enum(FAILED_JOB_STATUSES),
  resolvedAt: z.iso.datetime().nullable(),
  retryOutboxId: z.string().nullable().openapi({
    description: "The outbox row of the retry, once retried",
  }),
}).openapi("FailedJob");

export const listFailedJobsRoute = createRoute({
  tags,
  security,
  method: "get",
  operationId: "listFailedJobs",
  path: "/",
  summary: "List dead-lettered jobs, newest first (admins only)",
  description: "Jobs the queue gave up on: retries exhausted, or refused for good. Payloads are " +
    "not shown (emails carry one-time links).",
  request: {
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(512).optional(),
      status: z.enum(FAILED_JOB_STATUSES).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of failed jobs",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(FailedJobSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 422),
  },
});

export const retryFailedJobRoute = createRoute({
  tags,
  security,
  method: "post",
  operationId: "retryFailedJob",
  path: "/{id}/retry",
  summary: "Retry a failed job through the outbox (admins only)",
  description: "Enqueues the job's payload again and marks the failed job `retried`. A job " +
    "retried or discarded already is a 409.",
  request: { params },
  responses: {
    202: {
      description: "Enqueued again; the failed job as now marked",
      content: { "application/json": { schema: FailedJobSchema } },
    },
    ...problemResponses(401, 403, 404, 409),
  },
});

export const discardFailedJobRoute = createRoute({
  tags,
  security,
  method: "delete",
  operationId: "discardFailedJob",
  path: "/{id}",
  summary: "Discard a failed job (admins only)",
  description: "Marks it `discarded`; it stays listed. Discarding twice is fine; a retried job " +
    "is a 409.",
  request: { params },
  responses: {
    204: { description: "Discarded" },
    ...problemResponses(401, 403, 404, 409),
  },
});
