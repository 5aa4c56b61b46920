/**
 * The loopback Upstash REST front (the test fake) in front of a local Redis, in a process of its
 * own so it competes with neither the server nor wrk for a thread. Prints its URL on the first line
 * of stdout and runs until SIGTERM.
 *
 *   deno run -A scripts/bench/upstash_front.ts <redis-url> <token>
 */
import { startUpstashRestFake } from "../../tests/support/fakes/upstash_rest_fake.ts";

const [redisUrl = "redis://127.0.0.1:6379", token = "bench-token"] = Deno.args;
const fake = await startUpstashRestFake({ redisUrl, token });
console.log(fake.url);
const stop = async () => {
  await fake.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
