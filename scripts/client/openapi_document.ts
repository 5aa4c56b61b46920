import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { closeDeps, createDeps } from "../../src/deps.ts";

/** The slice of an OpenAPI document the client generator reads and rewrites. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * The document the app serves at `/openapi.json`, built in process on the embedded defaults
 * (PGlite in memory, memory cache, in-process queue): no server, no network, no data directory.
 */
export async function appOpenApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({ PGLITE_DATA_DIR: ":memory:", LOG_LEVEL: "error" });
  const deps = await createDeps(config);
  try {
    const response = await createApp(deps).request("/openapi.json");
    if (response.status !== 200) {
      throw new Error(`GET /openapi.json answered ${response.status}: ${await response.text()}`);
    }
    return await response.json();
  } finally {
    await closeDeps(deps);
  }
}
