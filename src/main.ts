import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config/load_config.ts";
import { closeDeps, createDeps } from "./deps.ts";

/**
 * Composition root: config -> deps -> app -> Deno.serve. The only file that reads the environment
 * (and hands it to `loadConfig`) or listens on a port.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      Deno.exit(1);
    }
    throw error;
  }
  const deps = await createDeps(config);
  const app = createApp(deps);
  const server = Deno.serve({
    port: config.port,
    onListen: ({ hostname, port }) =>
      deps.logger.info("Listening", {
        url: `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`,
        database: deps.database.driver,
        cache: config.cache.kind,
        queue: deps.queue.name,
        scheduler: deps.scheduler ? "in-process" : "off",
      }),
  }, app.fetch);

  const shutdown = async () => {
    deps.logger.info("Shutting down");
    await server.shutdown();
    await closeDeps(deps);
    Deno.exit(0);
  };
  // Deno Deploy manages isolates itself and does not offer signal listeners.
  if (config.platform === "self-hosted" && Deno.build.os !== "windows") {
    Deno.addSignalListener("SIGINT", shutdown);
    Deno.addSignalListener("SIGTERM", shutdown);
  }
}

if (import.meta.main) await main();
