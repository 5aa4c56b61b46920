/**
 * The hot path without the network: `app.fetch` in a loop in this process, µs per request for
 * the requests of `hot_path_wrk.ts`, on a copy of its data. What it leaves out (Deno's HTTP layer)
 * is the same for every variant, so differences between two versions of the code show clearly
 * even on a busy machine. Logs go to stdout as in production: run with `> /dev/null` and read
 * the table on stderr.
 *
 *   deno run -A scripts/bench/hot_path_inproc.ts > /dev/null
 *   HOT_ITERATIONS=20000 HOT_ONLY=health,pitch HOT_CONCURRENCY=64 deno run -A ... > /dev/null
 */
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { closeDeps, createDeps } from "../../src/deps.ts";
import process from "node:process";
import { positive } from "./bench_servers.ts";

const DIR = Deno.env.get("HOT_DATA_DIR") ?? "/tmp/pitchey-hot-path";
const ITERATIONS = positive("HOT_ITERATIONS", 20_000);
const BATCHES = positive("HOT_BATCHES", 5);
const ONLY = Deno.env.get("HOT_ONLY")?.split(",");
// Requests in flight at once (as 64 wrk connections keep the server): interleaving at every await
// keeps more objects alive across a request, which weighs on the garbage collector.
const CONCURRENCY = positive("HOT_CONCURRENCY", 1);
const copy = `${DIR}/pglite-inproc`;
await Deno.remove(copy, { recursive: true }).catch(() => {});
const cp = await new Deno.Command("cp", { args: ["-r", `${DIR}/pglite`, copy] }).output();
if (!cp.success) throw new Error(`Run hot_path_wrk.ts once first: it seeds ${DIR}/pglite`);
const tokens = (await Deno.readTextFile(`${DIR}/tokens.txt`)).trim().split("\n");

const deps = await createDeps(loadConfig({
  PGLITE_DATA_DIR: copy,
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
  SCHEDULER: "off",
}));
const app = createApp(deps);
const env = { remoteAddr: { hostname: "127.0.0.1", port: 5000, transport: "tcp" } };
const list = await (await app.fetch(new Request("http://x/v1/pitches?limit=1"), env)).json();
const pitchId = list.items[0].id as string;

let n = 0;
const CHECK_BODY = '{"feature":"analytics"}';
const scenarios: Record<string, () => Request> = {
  health: () => new Request("http://x/health"),
  pitch: () => new Request(`http://x/v1/pitches/${pitchId}`),
  list: () => new Request("http://x/v1/pitches?limit=20"),
  me: () =>
    new Request("http://x/v1/me", {
      headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}` },
    }),
  entitlements: () =>
    new Request("http://x/v1/me/entitlements", {
      headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}` },
    }),
  check: () =>
    new Request("http://x/v1/entitlements/check", {
      method: "POST",
      headers: {
        authorization: `Bearer ${tokens[n++ % tokens.length]}`,
        "content-type": "application/json",
        // As every HTTP client sends it (a Request made here has none): without it the body
        // limit counts the body as a stream, which no request over the network makes it do.
        "content-length": String(CHECK_BODY.length),
      },
      body: CHECK_BODY,
    }),
};
try {
  for (const [name, make] of Object.entries(scenarios)) {
    if (ONLY && !ONLY.includes(name)) continue;
    for (let i = 0; i < 2000; i++) await (await app.fetch(make(), env)).text(); // warm
    const perRequest: number[] = [];
    const cpuPerRequest: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const worker = async () => {
        for (let i = 0; i < ITERATIONS / CONCURRENCY; i++) {
          const response = await app.fetch(make(), env);
          if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
          await response.text();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      perRequest.push((performance.now() - started) * 1000 / ITERATIONS);
      const used = process.cpuUsage(cpu);
      cpuPerRequest.push((used.user + used.system) / ITERATIONS);
    }
    const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(BATCHES / 2)]!;
    console.error(
      `${name.padEnd(12)} ${mid(perRequest).toFixed(1).padStart(6)} µs/req wall, ` +
        `${mid(cpuPerRequest).toFixed(1).padStart(6)} µs/req CPU ` +
        `(CPU per batch ${cpuPerRequest.map((v) => v.toFixed(1)).join(" ")})`,
    );
  }
} finally {
  await closeDeps(deps);
}
