import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { checkReadiness } from "../../../services/health/check_readiness.ts";
import { jsonAnswer } from "../../json_answer.ts";
import { validationHook } from "../../validation.ts";

const READINESS_TIMEOUT_MS = 2_000;

const Liveness = z.object({
  status: z.literal("ok"),
  region: z.string(),
}).openapi("Liveness");

const Readiness = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  region: z.string(),
  database: z.object({
    ok: z.boolean(),
    driver: z.string(),
    latencyMs: z.number(),
    error: z.string().optional(),
  }),
  cache: z.array(z.object({
    tier: z.string(),
    ok: z.boolean(),
    latencyMs: z.number(),
    error: z.string().optional(),
  })),
  outbox: z.object({
    depth: z.number().int().openapi({
      description: "Jobs written but not yet handed to the queue",
    }),
    oldestPendingAgeMs: z.number().openapi({ description: "Age of the oldest of them" }),
  }).optional().openapi({ description: "Absent when the database cannot be read" }),
}).openapi("Readiness");

const liveness = createRoute({
  method: "get",
  operationId: "getLiveness",
  path: "/",
  tags: ["Health"],
  summary: "Liveness: the process answers; touches no dependency",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: Liveness } } },
  },
});

const readiness = createRoute({
  method: "get",
  operationId: "getReadiness",
  path: "/ready",
  tags: ["Health"],
  summary: "Readiness: database and cache round trips with their latency",
  responses: {
    200: {
      description: "Ready (`degraded` when only the cache fails)",
      content: { "application/json": { schema: Readiness } },
    },
    503: {
      description: "The database cannot be reached",
      content: { "application/json": { schema: Readiness } },
    },
  },
});

const NO_STORE = { "cache-control": "no-store" };

/** `GET /health` and `GET /health/ready`; never cached, never rate limited. */
export function healthRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(liveness, (c) => {
    return jsonAnswer({ status: "ok" as const, region: c.get("deps").settings.region }, NO_STORE);
  });
  router.openapi(readiness, async (c) => {
    const deps = c.get("deps");
    const result = await checkReadiness({ ctx: deps, input: { timeoutMs: READINESS_TIMEOUT_MS } });
    c.header("cache-control", "no-store");
    const body = { ...result, region: deps.settings.region };
    return result.status === "unavailable" ? c.json(body, 503) : c.json(body, 200);
  });
  return router;
}
