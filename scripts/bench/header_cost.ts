/**
 * What response headers cost in Deno, apart from any framework: a bare Deno.serve handler answering
 * with 0 and 16 extra headers, given two ways: in the Response's init (`init`: Deno 2.9 then builds
 * a native header list when the Response is made) or set one by one on the built Response (`set`,
 * as middleware does; Deno drops the native list at the first change). Pinned like `deno task
 * bench` (server on CPU 1, wrk on CPU 0), in alternating rounds so a noisy machine weighs on every
 * variant alike. Prints req/s per variant (median over rounds) and the cost per extra header in µs
 * of the server's core, for each way.
 *
 *   deno run -A scripts/bench/header_cost.ts [--rounds 3] [--seconds 5] [--body 1371]
 */
import { parseArgs } from "node:util";
import { startHeaderServer } from "./header_server_process.ts";
import { canPin, requireWrk, runWrk } from "./wrk.ts";

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
const variants = ["0 set", "16 init", "16 set"];
const results = new Map<string, number[]>(variants.map((v) => [v, []]));

for (let round = 0; round < Number(values.rounds); round++) {
  for (const variant of variants) {
    const [count, mode] = variant.split(" ");
    const { child, url } = startHeaderServer({
      pinned,
      headers: Number(count),
      body: Number(values.body),
      mode: mode as "init" | "set",
    });
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
    results.get(variant)!.push(result.perSecond);
    child.kill();
    await child.status;
  }
}
await Deno.remove(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const usPerRequest = (variant: string) => 1e6 / median(results.get(variant)!);
console.log(`bare Deno.serve, ${values.body}-byte JSON body, 64 connections, pinned: ${pinned}`);
for (const variant of variants) {
  const runs = results.get(variant)!.map((v) => v.toFixed(0)).join(", ");
  const rate = median(results.get(variant)!).toFixed(0);
  const us = usPerRequest(variant).toFixed(1);
  console.log(`  ${variant.padEnd(8)} ${rate} req/s (${us} µs a request; runs ${runs})`);
}
for (const mode of ["init", "set"]) {
  const perHeader = (usPerRequest(`16 ${mode}`) - usPerRequest("0 set")) / 16;
  console.log(`  one response header, ${mode}: ${perHeader.toFixed(2)} µs of the server's core`);
}
