import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../src/context.ts";
import { validationHook } from "../../src/http/validation.ts";

/** A secret-looking string the 500 test checks never reaches a response. */
export const INTERNAL_SECRET = "postgres://admin:hunter2@db.internal/prod";

const echo = createRoute({
  method: "post",
  path: "/__test/echo/{id}",
  request: {
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            title: z.string().min(1).max(5),
            nested: z.strictObject({ count: z.number().int() }).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: { description: "Echo" } },
});

/**
 * Routes that exist only in tests, mounted on the real app, to drive validation and failure paths
 * through the real middleware and error handler.
 */
export function testRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(echo, (c) => c.json({ body: c.req.valid("json") }, 200));
  router.get("/__test/boom", () => {
    throw new Error(`Connection to ${INTERNAL_SECRET} refused`);
  });
  router.post("/__test/raw", async (c) => c.json({ bytes: (await c.req.text()).length }));
  return router;
}
