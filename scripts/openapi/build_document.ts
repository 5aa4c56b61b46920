import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { closeDeps, createDeps } from "../../src/deps.ts";

/**
 * The `/openapi.json` the app serves on the embedded defaults (an in-memory PGlite, memory
 * adapters, the dev mailer), with `PUBLIC_URL` as given: what a developer's server documents,
 * every route mounted, `/dev` included.
 */
export async function buildOpenApiDocument(publicUrl: string): Promise<unknown> {
  const config = loadConfig({ PUBLIC_URL: publicUrl, PGLITE_DATA_DIR: ":memory:" });
  const deps = await createDeps({ ...config, scheduler: "off" });
  try {
    const response = await createApp(deps).request("/openapi.json");
    if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
    return await response.json();
  } finally {
    await closeDeps(deps);
  }
}
