import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { discardFailedJob } from "../../../../services/jobs/discard_failed_job.ts";
import { listFailedJobs } from "../../../../services/jobs/list_failed_jobs.ts";
import { retryFailedJob } from "../../../../services/jobs/retry_failed_job.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import {
  discardFailedJobRoute,
  listFailedJobsRoute,
  retryFailedJobRoute,
} from "./failed_job_routes.ts";

/** Dead-lettered jobs, mounted at `/v1/admin/jobs/failed` (the app requires the admin role). */
export function failedJobsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(listFailedJobsRoute, async (c) => {
    const page = await listFailedJobs({ ctx: c.get("deps"), input: c.req.valid("query") });
    c.header("cache-control", "private, no-store");
    return c.json(page, 200);
  });
  router.openapi(retryFailedJobRoute, async (c) => {
    const view = await retryFailedJob({
      ctx: c.get("deps"),
      input: { ...c.req.valid("param"), actorId: requirePrincipal(c).userId },
    });
    return c.json(view, 202);
  });
  router.openapi(discardFailedJobRoute, async (c) => {
    await discardFailedJob({
      ctx: c.get("deps"),
      input: { ...c.req.valid("param"), actorId: requirePrincipal(c).userId },
    });
    return c.body(null, 204);
  });
  return router;
}
