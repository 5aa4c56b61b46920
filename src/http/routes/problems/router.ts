import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";
import { isProblemSlug, problemResponse, PROBLEMS } from "../../problem.ts";

/** `GET /problems/:slug`, which makes every problem `type` URI resolve to a description. */
export function problemsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/:slug", (c) => {
    const slug = c.req.param("slug");
    if (!isProblemSlug(slug)) {
      return problemResponse(c, { slug: "not-found", detail: `No problem type "${slug}"` });
    }
    const { status, title, description } = PROBLEMS[slug];
    c.header("cache-control", "public, max-age=86400");
    return c.json({ type: slug, status, title, description });
  });
  return router;
}
