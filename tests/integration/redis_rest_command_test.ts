import assert from "node:assert/strict";
import { Redis as UpstashRedis } from "@upstash/redis";

/**
 * `deno task redis:rest`, the dev command in front of a local Redis, run as its own process: it
 * prints the server's two variables, serves the real `@upstash/redis` client, stops on SIGTERM,
 * and refuses to start without a Redis. The served part needs TEST_REDIS_URL.
 */

const SCRIPT = new URL("../../scripts/redis_rest.ts", import.meta.url).pathname;
const redisUrl = Deno.env.get("TEST_REDIS_URL") ?? "";

function spawnFront(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", SCRIPT, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads stdout until the two variable lines are there. */
async function readVariables(child: Deno.ChildProcess): Promise<Record<string, string>> {
  const variables: Record<string, string> = {};
  let text = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    for (const [, name, value] of text.matchAll(/^(UPSTASH_REDIS_REST_\w+)=(.+)$/gm)) {
      variables[name!] = value!;
    }
    if (Object.keys(variables).length === 2) break;
  }
  return variables;
}

Deno.test({
  name: "redis:rest serves the Upstash client in front of Redis and stops on SIGTERM",
  ignore: redisUrl === "",
  async fn() {
    const token = `token-${crypto.randomUUID()}`;
    const child = spawnFront(["--redis", redisUrl, "--port", "0", "--token", token]);
    const stderr = new Response(child.stderr).text();
    try {
      const env = await readVariables(child);
      assert.equal(env.UPSTASH_REDIS_REST_TOKEN, token);
      const client = new UpstashRedis({ url: env.UPSTASH_REDIS_REST_URL!, token });
      const key = `test:redis_rest:${crypto.randomUUID()}`;
      assert.equal(await client.set(key, "hello", { ex: 60 }), "OK");
      assert.equal(await client.get(key), "hello");
      await client.del(key);
    } finally {
      child.kill("SIGTERM");
      const status = await child.status;
      assert.equal(status.code, 0, await stderr);
    }
  },
});

Deno.test("redis:rest exits 1 naming the Redis it cannot reach", async () => {
  // A port nothing listens on: taken, then released.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const missing = `redis://127.0.0.1:${port}`;
  const child = spawnFront(["--redis", missing, "--port", "0"]);
  const [status, out, err] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  assert.equal(status.code, 1, `stdout:\n${out}\nstderr:\n${err}`);
  assert.match(err, new RegExp(`Cannot reach Redis at ${missing}`), err);
});
