/**
 * What response headers cost in Deno's HTTP layer, apart from any framework: a bare Deno.serve
 * handler answering with 0, 8 and 16 extra headers, pinned like `deno task bench` (server on CPU 1,
 * wrk on CPU 0), in alternating rounds so a noisy machine weighs on every variant alike. Prints
 * req/s per variant (median over rounds) and the cost per extra header in µs of the server's core.
 *
 *   deno run -A scripts/bench/header_cost.ts [--rounds 3] [--seconds 5] [--body 1371]
 */
import { parseArgs } from "node:util";
import { canPin, launcher, requireWrk, runWrk } from "./wrk.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    body: { type: "string", default: "1371" },
  },
});
await requireWrk();
const pinned = await canPin();
const dir = await Deno.makeTempDir({ prefix: "pitchey_header_cost_" });
const server = new URL("./header_server.ts", import.meta.url).pathname;
const variants = [0, 8, 16];
const results = new Map<number, number[]>(variants.map((n) => [n, []]));

for (let round = 0; round < Number(values.rounds); round++) {
  for (const count of variants) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const command = [
      ...launcher(pinned ? 1 : undefined, undefined),
      Deno.execPath(),
      "run",
      "--allow-net",
      server,
      String(port),
      String(count),
      values.body!,
    ];
    const child = new Deno.Command(command[0]!, { args: command.slice(1), stdout: "null" })
      .spawn();
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(url).then((r) => r.body?.cancel().then(() => true), () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const options = {
      url,
      connections: 64,
      threads: 1,
      cpu: pinned ? 0 : undefined,
      dir,
      seconds: 2,
    };
    await runWrk({ path: "/" }, options);
    const result = await runWrk({ path: "/" }, { ...options, seconds: Number(values.seconds) });
    results.get(count)!.push(result.perSecond);
    child.kill();
    await child.status;
  }
}
await Deno.remove(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const usPerRequest = (count: number) => 1e6 / median(results.get(count)!);
console.log(`bare Deno.serve, ${values.body}-byte JSON body, 64 connections, pinned: ${pinned}`);
for (const count of variants) {
  const runs = results.get(count)!.map((v) => v.toFixed(0)).join(", ");
  console.log(
    `  ${String(count).padStart(2)} extra headers: ${
      median(results.get(count)!).toFixed(0)
    } req/s ` +
      `(${usPerRequest(count).toFixed(1)} µs a request; runs ${runs})`,
  );
}
const perHeader = (usPerRequest(16) - usPerRequest(0)) / 16;
console.log(`  cost of one response header: ${perHeader.toFixed(2)} µs of the server's core`);
