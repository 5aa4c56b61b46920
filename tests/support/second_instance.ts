import { createApp } from "../../src/app.ts";
import { buildCache } from "../../src/deps.ts";
import type { Harness } from "./harness.ts";

/**
 * A second instance of the harness's app: the same database and Redis, its own memory cache tier,
 * as another region's isolate would be. Changes on `h.app` reach it through the invalidation log.
 */
export function secondInstance(h: Harness): ReturnType<typeof createApp> {
  return createApp({
    ...h.deps,
    cache: buildCache(h.cacheConfig, {
      clock: h.clock,
      logger: h.logger,
      background: h.deps.background,
    }),
  });
}
