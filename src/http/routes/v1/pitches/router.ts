import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { validationHook } from "../../../validation.ts";
import { pitchBoostRouter } from "./boost_router.ts";
import { pitchCrudRouter } from "./crud_router.ts";
import { pitchListRouter } from "./list_router.ts";
import { pitchSaveRouter } from "./save_router.ts";

/** Pitches: the public list, each pitch's life cycle, boosts and analytics, saves. */
export function pitchesRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.route("/", pitchCrudRouter());
  router.route("/", pitchListRouter());
  router.route("/", pitchSaveRouter());
  router.route("/", pitchBoostRouter());
  return router;
}
