import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";
import { problemResponse, PROBLEMS, type ProblemSlug } from "../../problem.ts";

/** `GET /problems/:slug`, which makes every problem `type` URI resolve to a description. */
export function problemsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/:slug", (c) => {
    const slug = c.req.param("slug");
    if (!(slug in PROBLEMS)) {
      return problemResponse(c, { slug: "not-found", detail: `No problem type "${slug}"` });
    }
    const { status, title } = PROBLEMS[slug as ProblemSlug];
    c.header("cache-control", "public, max-age=86400");
    return c.json({ type: slug, status, title });
  });
  return router;
}
