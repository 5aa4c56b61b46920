import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { validationHook } from "../../../validation.ts";
import { pitchBoostRouter } from "./boost_router.ts";
import { pitchCrudRouter } from "./crud_router.ts";
import { pitchListRouter } from "./list_router.ts";
import { pitchSaveRouter } from "./save_router.ts";

/**
 * Pitches, mounted at `/v1/pitches`: the public list, each pitch's life cycle, saves, boosts and
 * analytics. The parts share the `/{id}` namespace, so each is mounted at the root.
 */
export function pitchesRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.route("/", pitchCrudRouter());
  router.route("/", pitchListRouter());
  router.route("/", pitchSaveRouter());
  router.route("/", pitchBoostRouter());
  return router;
}
