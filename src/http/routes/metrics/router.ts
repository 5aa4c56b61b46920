import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";
import { sha256Hex } from "../../../lib/secure_tokens.ts";
import { processCalls, processRequests } from "../../../lib/timing.ts";
import { problemResponse } from "../../problem.ts";
import { prometheusText } from "./prometheus_text.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `GET /metrics`: this process's counters in Prometheus text, for a scraper holding
 * `METRICS_TOKEN` (and for the benchmark, which reads SQL and Redis calls per request from it).
 * Without `METRICS_TOKEN` the route does not exist (404). It is mounted before `authenticate`, so
 * its token is never looked up as a session, and it is neither rate limited nor in the OpenAPI
 * document (an operator endpoint, like a scrape target).
 */
export function metricsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/", (c) => {
    const digest = c.get("deps").settings.metricsTokenDigest;
    if (digest === undefined) {
      return problemResponse(c, { slug: "not-found", detail: `No route for "${c.req.path}"` });
    }
    const token = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
    if (token === undefined) {
      return problemResponse(c, {
        slug: "unauthorized",
        detail: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"',
        headers: { "www-authenticate": 'Bearer realm="metrics"' },
      });
    }
    // Digests compare in constant time for practical purposes: a caller cannot aim at a prefix.
    if (sha256Hex(token) !== digest) {
      return problemResponse(c, {
        slug: "forbidden",
        detail: "The bearer token is not the metrics token",
      });
    }
    c.header("cache-control", "no-store");
    c.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    return c.body(prometheusText({ httpRequests: processRequests.http, calls: processCalls }));
  });
  return router;
}
