import { Hono } from "hono";
import type { AppEnv } from "../../../context.ts";

/**
 * `GET /docs`: an API reference rendered in the browser from `/openapi.json`, which the app
 * itself serves (see `app.ts`).
 */
export function docsRouter() {
  const router = new Hono<AppEnv>();
  router.get("/", (c) => {
    // The reference UI is a script from a CDN; only this page may load it.
    c.header(
      "content-security-policy",
      "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; " +
        "style-src https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; " +
        "font-src https://fonts.gstatic.com https://cdn.jsdelivr.net; img-src 'self' data: https:; " +
        "connect-src 'self'; worker-src blob:",
    );
    return c.html(DOCS_PAGE);
  });
  return router;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pitchey API reference</title>
  </head>
  <body>
    <script id="api-reference" data-url="/openapi.json"></script>
    <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script>
  </body>
</html>
`;
