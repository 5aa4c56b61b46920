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

/** Everything about the signed-in caller, one part per group of routes. */
export function meRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.route("/", accountRouter());
  router.route("/", apiKeysRouter());
  router.route("/", exportsRouter());
  router.route("/", savedRouter());
  router.route("/", followingRouter());
  router.route("/", feedRouter());
  router.route("/", myEntitlementsRouter());
  router.route("/", myPitchesRouter());
  return router;
}
