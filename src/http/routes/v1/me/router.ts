import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { validationHook } from "../../../validation.ts";
import { accountRouter } from "./account_router.ts";
import { apiKeysRouter } from "./api_keys_router.ts";
import { myEntitlementsRouter } from "./entitlements_router.ts";
import { exportsRouter } from "./exports_router.ts";
import { feedRouter } from "./feed_router.ts";
import { followingRouter } from "./following_router.ts";
import { myPitchesRouter } from "./pitches_router.ts";
import { savedRouter } from "./saved_router.ts";

/**
 * Everything about the signed-in caller, mounted at `/v1/me`: one part per group of routes, each
 * at its own prefix below it.
 */
export function meRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.route("/", accountRouter());
  router.route("/api-keys", apiKeysRouter());
  router.route("/exports", exportsRouter());
  router.route("/saved", savedRouter());
  router.route("/following", followingRouter());
  router.route("/feed", feedRouter());
  router.route("/entitlements", myEntitlementsRouter());
  router.route("/pitches", myPitchesRouter());
  return router;
}
