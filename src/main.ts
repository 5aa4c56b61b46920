import { createApp } from "./app.ts";
import { withDotEnv } from "./config/dot_env.ts";
import { ConfigError, loadConfig } from "./config/load_config.ts";
import type { Deps } from "./context.ts";
import { closeDeps, createDeps } from "./deps.ts";
import { createGracefulShutdown } from "./lib/graceful_shutdown.ts";

/** Deno Deploy's SIGKILL comes 5 s after its SIGINT; leave a second for the exit itself. */
const SHUTDOWN_DEADLINE_MS = 4_000;

/**
 * Composition root: config -> deps -> app -> Deno.serve. The only file that reads the environment
 * (with `.env` under it when present) and hands it to `loadConfig`, or listens on a port.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(withDotEnv(Deno.env.toObject()));
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
        environment: config.environment.mode,
        ...(config.environment.timeline ? { timeline: config.environment.timeline } : {}),
      }),
  }, app.fetch);

  installShutdown(server, deps);
}

/**
 * Deno Deploy stops an instance with SIGINT and kills it 5 s later; a process manager sends
 * SIGTERM. Either way: stop accepting connections, finish requests in flight, then `closeDeps`
 * (buffered views written, the outbox relayed once more, the scheduler stopped, the database
 * closed), all inside SHUTDOWN_DEADLINE_MS so the platform's SIGKILL never lands mid-write.
 */
function installShutdown(server: Deno.HttpServer, deps: Deps): void {
  const shutdown = createGracefulShutdown({
    stopServer: () => server.shutdown(),
    close: () => closeDeps(deps),
    logger: deps.logger,
    deadlineMs: SHUTDOWN_DEADLINE_MS,
    // "Shut down" is logged after `close`: write it out before the process goes.
    exit: (code) => {
      deps.logger.flush?.();
      Deno.exit(code);
    },
  });
  Deno.addSignalListener("SIGINT", () => void shutdown("SIGINT"));
  // Windows delivers SIGINT (Ctrl+C) only.
  if (Deno.build.os !== "windows") {
    Deno.addSignalListener("SIGTERM", () => void shutdown("SIGTERM"));
  }
}

if (import.meta.main) await main();
