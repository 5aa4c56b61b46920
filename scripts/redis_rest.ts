/**
 * `deno task redis:rest`: the Upstash REST front in front of a local Redis, so the server runs the
 * production cache path (the real `@upstash/redis` client, the Redis tier, the invalidation log,
 * the Redis rate limiter) on a laptop. Prints the two variables to give the server, then runs until
 * Ctrl+C or SIGTERM.
 *
 *   deno task redis:rest [--redis redis://127.0.0.1:6379] [--port 8079] [--token local-dev-token]
 */
import { parseArgs } from "node:util";
import { startUpstashRestFake } from "./redis_rest/upstash_rest_front.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    redis: { type: "string", default: "redis://127.0.0.1:6379" },
    port: { type: "string", default: "8079" },
    token: { type: "string", default: "local-dev-token" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected a port number, got "${values.port}"`);
  Deno.exit(2);
}

// `reconnect`: a local Redis restarted behind the front is dialled again instead of lost for good.
const front = await startUpstashRestFake({
  redisUrl: values.redis,
  token: values.token,
  reconnect: true,
  port,
}).catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`Cannot reach Redis at ${values.redis}: ${reason}. Is redis-server running?`);
  Deno.exit(1);
});

console.log(
  `Upstash REST front on ${front.url}, forwarding to ${values.redis}. Start the server with:`,
);
console.log(`UPSTASH_REDIS_REST_URL=${front.url}`);
console.log(`UPSTASH_REDIS_REST_TOKEN=${values.token}`);

const stop = async () => {
  await front.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
