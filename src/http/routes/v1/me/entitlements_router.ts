import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { getMyEntitlements } from "../../../../services/billing/get_my_entitlements.ts";
import { requireAuth, requirePrincipal } from "../../../auth/guards.ts";
import { MyEntitlementsSchema } from "../../../schemas/entitlement_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { jsonAnswer } from "../../../json_answer.ts";
import { validationHook } from "../../../validation.ts";

const getMyEntitlementsRoute = createRoute({
  tags: ["Plans"],
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  operationId: "getMyEntitlements",
  path: "/",
  summary: "The caller's plan in force, its features and limits, and usage this period",
  description: "Always answers: when the database is unreachable, the last known entitlements " +
    '(or the free plan, status "unknown") with the last known usage, `used: null` when none is cached.',
  responses: {
    200: {
      description: "The entitlements",
      content: { "application/json": { schema: MyEntitlementsSchema } },
    },
    ...problemResponses(401),
  },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The caller's plan, features, limits and usage. Checking one is `POST /v1/entitlements/check`. */
export function myEntitlementsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(getMyEntitlementsRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { entitlements: e, usage } = await getMyEntitlements({
      ctx: c.get("deps"),
      input: { userId },
    });
    const shaped = Object.fromEntries(
      Object.entries(usage).map(([metric, u]) => [metric, { ...u, resetsAt: iso(u.resetsAt) }]),
    );
    return jsonAnswer({
      plan: e.plan,
      status: e.status,
      features: e.features,
      limits: e.limits,
      graceUntil: iso(e.graceUntil),
      usage: shaped,
    }, { "cache-control": "private, no-store" });
  });
  return router;
}
