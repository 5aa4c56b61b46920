// Loaded only through `import()` in viewer_assets.ts: the 1.7 MB bundle is read on the first
// visit to /docs, not by every isolate at startup. Text imports are embedded by `deno bundle`,
// so the Node and Workers builds carry the files and read nothing from disk at run time.
import bundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "text" };
import stylesheet from "swagger-ui-dist/swagger-ui.css" with { type: "text" };

/** Swagger UI's browser bundle and stylesheet, exactly as the pinned npm package ships them. */
export const VIEWER_FILES = { bundle, stylesheet } as const;
