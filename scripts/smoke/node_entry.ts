/**
 * Starts the Node bundle (dist/node/server.mjs, from `deno task build:node`) with `node` on the
 * embedded PGlite, calls `/health`, a database route and the docs page with its viewer, and stops it with SIGTERM. Exits
 * non-zero on any other answer. Usage: `deno task smoke:node`.
 */
import { docsViewerServed } from "./docs_viewer.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const port = 21_000 + Math.floor(Math.random() * 9_000);
const child = new Deno.Command("node", {
  args: ["dist/node/server.mjs"],
  cwd: ROOT,
  env: { PORT: String(port), PGLITE_DATA_DIR: ":memory:", SCHEDULER: "off", LOG_LEVEL: "warn" },
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
let failed = false;
try {
  const deadline = Date.now() + 90_000;
  let up = false;
  while (!up && Date.now() < deadline) {
    up = await fetch(`http://127.0.0.1:${port}/health`).then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    }, () => false);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!up) throw new Error("The Node entry did not answer /health within 90 s");
  for (const path of ["/health", "/health/ready", "/v1/pitches?limit=1"]) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    const body = await response.text();
    console.log(`${path} -> ${response.status} ${body.slice(0, 160)}`);
    if (response.status !== 200) failed = true;
  }
  if (!await docsViewerServed((path) => fetch(`http://127.0.0.1:${port}${path}`))) failed = true;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  child.kill("SIGTERM");
  const status = await child.status;
  console.log(`node exited with ${status.code} after SIGTERM`);
  if (status.code !== 0) failed = true;
}
console.log(failed ? "node entry smoke: FAILED" : "node entry smoke: ok");
Deno.exit(failed ? 1 : 0);
