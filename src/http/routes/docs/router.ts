import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";
import { problemResponse } from "../../problem.ts";
import { DOCS_CSP, renderDocsPage } from "./docs_page.ts";
import { loadViewerAssets } from "./viewer_assets.ts";

/** The files' URL changes with their content, so a browser may keep them for a year. */
const ASSET_CACHE = "public, max-age=31536000, immutable";

/**
 * `GET /docs`: an API reference rendered in the browser from `/openapi.json` by Swagger UI, whose
 * pinned npm bundle this router serves itself under `/docs/assets/`: the page works offline, and
 * no third-party script runs on the API's origin.
 */
export function docsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/", async (c) => {
    const { release } = await loadViewerAssets();
    c.header("content-security-policy", DOCS_CSP);
    // The page names the current release's files: it must not outlive a deploy in a cache.
    c.header("cache-control", "no-cache");
    return c.html(renderDocsPage(release));
  });
  router.get("/assets/:release/:file", async (c) => {
    const { release, files } = await loadViewerAssets();
    const file = c.req.param("release") === release ? files.get(c.req.param("file")) : undefined;
    if (!file) {
      return problemResponse(c, { slug: "not-found", detail: `No docs asset "${c.req.path}"` });
    }
    c.header("content-type", file.contentType);
    c.header("cache-control", ASSET_CACHE);
    return c.body(file.body);
  });
  return router;
}
