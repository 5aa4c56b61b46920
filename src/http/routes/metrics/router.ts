import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../../../lib/metrics/prometheus_text.ts";
import { readScrapeFigures } from "../../../services/health/read_scrape_figures.ts";
import { metricsTokenStatus } from "../../auth/metrics_token.ts";
import { problemResponse } from "../../problem.ts";
import { metricsText } from "./prometheus_text.ts";

/** A scrape waits at most this long for each figure that needs a query. */
const SCRAPE_QUERY_TIMEOUT_MS = 1_000;

/**
 * `GET /metrics`: this process's metrics in Prometheus text, for a scraper holding `METRICS_TOKEN`
 * (and for the benchmark, which reads SQL and Redis calls per request from it). Without
 * `METRICS_TOKEN` the route does not exist (404). It is mounted before `authenticate`, so its
 * token is never looked up as a session, and it is neither rate limited nor in the OpenAPI
 * document (an operator endpoint, like a scrape target).
 */
export function metricsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/", async (c) => {
    const status = metricsTokenStatus(c);
    if (status === "unconfigured") {
      return problemResponse(c, { slug: "not-found", detail: `No route for "${c.req.path}"` });
    }
    if (status === "absent") {
      return problemResponse(c, {
        slug: "unauthorized",
        detail: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"',
        headers: { "www-authenticate": 'Bearer realm="metrics"' },
      });
    }
    if (status === "invalid") {
      return problemResponse(c, {
        slug: "forbidden",
        detail: "The bearer token is not the metrics token",
      });
    }
    const figures = await readScrapeFigures({
      ctx: c.get("deps"),
      input: { timeoutMs: SCRAPE_QUERY_TIMEOUT_MS },
    });
    c.header("cache-control", "no-store");
    c.header("content-type", PROMETHEUS_CONTENT_TYPE);
    return c.body(metricsText(figures));
  });
  return router;
}
