import { VIEWER_INIT, VIEWER_SCRIPT, VIEWER_STYLESHEET } from "./viewer_assets.ts";

/**
 * The docs page's policy: scripts, styles and requests from this origin only, nothing inline (Swagger
 * UI sets its element styles through the DOM, which `style-src` does not govern), images also as
 * `data:` URLs (its icons are SVG inlined in its stylesheet). No fonts: it uses the system's.
 */
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

/** The HTML of `GET /docs`, its scripts and stylesheet under `/docs/assets/<release>/`. */
export function renderDocsPage(release: string): string {
  const base = `/docs/assets/${release}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pitchey API reference</title>
    <link rel="stylesheet" href="${base}/${VIEWER_STYLESHEET}" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${base}/${VIEWER_SCRIPT}"></script>
    <script src="${base}/${VIEWER_INIT}"></script>
  </body>
</html>
`;
}
