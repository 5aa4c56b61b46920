import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { createApiKey } from "../../../../services/accounts/create_api_key.ts";
import { listApiKeys } from "../../../../services/accounts/list_api_keys.ts";
import { revokeApiKey } from "../../../../services/accounts/revoke_api_key.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from "./api_key_routes.ts";

/** The caller's API keys. Every route needs a signed-in session (see `api_key_routes.ts`). */
export function apiKeysRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(createApiKeyRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const created = await createApiKey({
      ctx: c.get("deps"),
      input: { userId, ...c.req.valid("json") },
    });
    // The one response carrying a live secret: no cache along the way may keep it.
    c.header("cache-control", "no-store");
    return c.json(created, 201);
  });

  router.openapi(listApiKeysRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    return c.json({ items: await listApiKeys({ ctx: c.get("deps"), input: { userId } }) }, 200);
  });

  router.openapi(revokeApiKeyRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    await revokeApiKey({ ctx: c.get("deps"), input: { userId, keyId: id } });
    return c.body(null, 204);
  });

  return router;
}
