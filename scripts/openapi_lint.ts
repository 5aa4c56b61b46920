/**
 * `deno task openapi:lint`: writes the document the app serves to `dist/openapi/openapi.json` and
 * lints it with Redocly's recommended rules and `redocly.yaml` (whose every exception says why).
 * Exits with Redocly's status: non-zero on any error. Redocly runs through `npx`, pinned.
 */
import { buildOpenApiDocument } from "./openapi/build_document.ts";

const REDOCLY = "@redocly/cli@2.77.0";
// Where a deployment would serve it (a localhost server is what no-server-example.com flags).
const PUBLIC_URL = "https://api.pitchey.example";
const root = new URL("../", import.meta.url);
const target = new URL("dist/openapi/openapi.json", root);

console.log("building the document on the embedded defaults...");
const document = await buildOpenApiDocument(PUBLIC_URL);
await Deno.mkdir(new URL(".", target), { recursive: true });
await Deno.writeTextFile(target, JSON.stringify(document, null, 2) + "\n");
console.log(`wrote ${target.pathname}; linting with ${REDOCLY}...`);

const lint = new Deno.Command("npx", {
  args: ["-y", REDOCLY, "lint", "--config", "redocly.yaml", "dist/openapi/openapi.json"],
  cwd: root,
  env: {
    NO_UPDATE_NOTIFIER: "1",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  },
  stdout: "inherit",
  stderr: "inherit",
});
const { code } = await lint.output();
Deno.exit(code);
