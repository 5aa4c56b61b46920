import { serve } from "@hono/node-server";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import process from "node:process";
import { createApp } from "../app.ts";
import { ConfigError, loadConfig } from "../config/load_config.ts";
import { closeDeps, createDeps } from "../deps.ts";

/**
 * Node.js 20+ entry: the same config, deps and app as `main.ts`, served by `@hono/node-server`.
 * Bundled by `deno task build:node` into `dist/node/server.mjs` and run with `node` (`deno task
 * start:node`), so Deno is needed to build but not to run.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const deps = await createDeps(config);
  const app = createApp(deps);
  const server = serve({
    port: config.port,
    // `clientIp` reads the socket address from `env.remoteAddr`, the shape `Deno.serve` passes.
    fetch: (request, env: HttpBindings | Http2Bindings) =>
      app.fetch(request, {
        remoteAddr: {
          hostname: env.incoming.socket.remoteAddress,
          port: env.incoming.socket.remotePort,
          transport: "tcp",
        },
      }),
  }, (info) =>
    deps.logger.info("Listening", {
      url: `http://localhost:${info.port}`,
      runtime: `node ${process.version}`,
      database: deps.database.driver,
      cache: config.cache.kind,
      queue: deps.queue.name,
    }));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    deps.logger.info("Shutting down");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDeps(deps);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

await main();
