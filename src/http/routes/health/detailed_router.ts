import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { readDetailedHealth } from "../../../services/health/read_detailed_health.ts";
import { requireAdminOrMetricsToken } from "../../middleware/operator_access.ts";
import { validationHook } from "../../validation.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";

/** Per dependency; they are checked in parallel, so this bounds the whole answer too. */
const DEPENDENCY_TIMEOUT_MS = 2_000;

const Pool = z.object({
  role: z.enum(["primary", "replica"]),
  total: z.number().int(),
  inUse: z.number().int(),
  waiting: z.number().int(),
  max: z.number().int(),
});

const Dependency = z.object({
  name: z.string().openapi({ example: "cache:redis" }),
  provider: z.string().openapi({ example: "qstash" }),
  inProcess: z.boolean().openapi({ description: "An in-process stand-in: nothing to reach" }),
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.enum(["timeout", "unreachable"]).optional(),
});

const DetailedHealth = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  version: z.string(),
  commit: z.string().optional().openapi({ description: "`COMMIT_SHA`, when set" }),
  deployment: z.string().optional().openapi({ description: "`DENO_DEPLOYMENT_ID` on Deploy" }),
  region: z.string(),
  environment: z.string(),
  uptimeSeconds: z.number(),
  memory: z.object({
    rssBytes: z.number().optional(),
    heapUsedBytes: z.number().optional(),
    heapTotalBytes: z.number().optional(),
    cacheBytes: z.number().openapi({ description: "Estimated bytes of the memory cache tier" }),
    cacheEntries: z.number().int(),
  }),
  database: z.object({ driver: z.string(), pools: z.array(Pool) }),
  queue: z.object({
    provider: z.string(),
    outboxDepth: z.number().int().optional(),
    oldestPendingAgeMs: z.number().optional(),
    pendingFailedJobs: z.number().int().optional(),
  }),
  dependencies: z.array(Dependency),
}).openapi("DetailedHealth");

const detailed = createRoute({
  method: "get",
  path: "/",
  operationId: "getDetailedHealth",
  tags: ["Health"],
  summary: "Detailed health for operators: release, memory, pools, backlog, dependency latency",
  description: "For admins, or `Authorization: Bearer <METRICS_TOKEN>`.",
  security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  middleware: [requireAdminOrMetricsToken()] as const,
  responses: {
    200: {
      description: "Answered (`degraded` when a dependency other than the database fails)",
      content: { "application/json": { schema: DetailedHealth } },
    },
    503: {
      description: "The database cannot be reached",
      content: { "application/json": { schema: DetailedHealth } },
    },
    ...problemResponses(401, 403),
  },
});

/**
 * `GET /health/detailed`. Mounted before the global `authenticate`, so the metrics token is
 * checked as itself; never cached, never rate limited.
 */
export function detailedHealthRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(detailed, async (c) => {
    const health = await readDetailedHealth({
      ctx: c.get("deps"),
      input: { timeoutMs: DEPENDENCY_TIMEOUT_MS },
    });
    c.header("cache-control", "no-store");
    return health.status === "unavailable" ? c.json(health, 503) : c.json(health, 200);
  });
  return router;
}
