/**
 * How many send calls Deno makes per response, and what the second one costs: a bare Deno.serve
 * handler (`header_server.ts`, headers set on the built Response as the API's middleware does)
 * answering with response shapes on both sides of the point where Deno stops copying the body
 * into the buffer of the response head and writes the two separately. Measured on Deno 2.9: a
 * 109-byte head goes out with a body of up to 403 bytes (512 in all) in one `sendto`, a 1,034-byte
 * head with 1,000 bytes but not 1,100 (the buffer grows with the head), so a body larger than its
 * head takes a second call. Every row of the API above a few hundred bytes is of that kind; the
 * bare row of `deno task bench` (a 20-byte body) is not, which is much of why its ratios for a
 * pitch or a list stay low even for a handler that does nothing (the replay rows).
 *
 * Per shape: send calls per response (`strace -c` attached during a short run of its own, since
 * tracing slows the server; skipped when strace is missing), req/s (median over rounds) and the
 * server's CPU time per request (`/proc/<pid>/stat`, user + system), which a noisy neighbour sways
 * less than req/s. Pinned like `deno task bench` (server on CPU 1, wrk on CPU 0).
 *
 *   deno run -A scripts/bench/write_split.ts [--rounds 3] [--seconds 4]
 */
import { parseArgs } from "node:util";
import { startHeaderServer } from "./header_server_process.ts";
import { canPin, requireWrk, runWrk, type WrkOptions } from "./wrk.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "4" },
  },
});
/** [extra headers, body bytes]: pairs just under and just over the split. */
const SHAPES: [number, number][] = [[0, 20], [0, 400], [0, 410], [0, 1400], [16, 900], [16, 1400]];
const label = ([headers, body]: [number, number]) => `${headers} headers, ${body} B body`;

await requireWrk();
const pinned = await canPin();
const hasStrace = await exists("strace");
const ticksPerSecond = await clockTicks();
const dir = await Deno.makeTempDir({ prefix: "pitchey_write_split_" });
const rates = new Map<string, number[]>(), cpu = new Map<string, number[]>();
const sends = new Map<string, number>(), heads = new Map<string, number>();

try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const shape of SHAPES) {
      const name = label(shape);
      const { child, url } = startHeaderServer({
        pinned,
        headers: shape[0],
        body: shape[1],
        mode: "set",
      });
      try {
        heads.set(name, await waitForHeadBytes(url));
        const options = { url, connections: 64, threads: 1, cpu: pinned ? 0 : undefined, dir };
        await runWrk({ path: "/" }, { ...options, seconds: 2 });
        if (round === 0 && hasStrace) sends.set(name, await sendCalls(child.pid, options));
        const before = await cpuTicks(child.pid);
        const result = await runWrk({ path: "/" }, { ...options, seconds: Number(values.seconds) });
        const after = await cpuTicks(child.pid);
        push(rates, name, result.perSecond);
        push(cpu, name, ((after - before) / ticksPerSecond) * 1e6 / result.requests);
      } finally {
        child.kill();
        await child.status;
      }
    }
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`bare Deno.serve ${Deno.version.deno}, 64 connections, pinned: ${pinned}`);
console.log("| shape | head bytes | send calls per response | req/s | server CPU µs/request |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const shape of SHAPES) {
  const name = label(shape);
  const calls = sends.get(name);
  console.log(
    `| ${name} | ${heads.get(name)} | ${calls === undefined ? "-" : calls.toFixed(2)} | ` +
      `${median(rates.get(name)!).toFixed(0)} | ${median(cpu.get(name)!).toFixed(1)} |`,
  );
}
if (!hasStrace) console.log("send calls: strace is not installed (apt-get install -y strace)");

function push(map: Map<string, number[]>, key: string, value: number) {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** Waits for the server, and returns the size of its response head as sent on the wire. */
async function waitForHeadBytes(url: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const head = await rawHead(url).catch(() => undefined);
    if (head !== undefined) return head;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer`);
}

/** One GET over a plain socket; the bytes up to and including the blank line. */
async function rawHead(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`));
    let text = "";
    const buffer = new Uint8Array(65_536);
    while (!text.includes("\r\n\r\n")) {
      const n = await conn.read(buffer);
      if (n === null) throw new Error("closed before the head ended");
      text += new TextDecoder("latin1").decode(buffer.subarray(0, n));
    }
    return text.indexOf("\r\n\r\n") + 4;
  } finally {
    conn.close();
  }
}

/** Send-type syscalls per response while wrk runs 1 s against a server strace is attached to. */
async function sendCalls(pid: number, options: Omit<WrkOptions, "seconds">) {
  const out = `${dir}/strace.txt`;
  const strace = new Deno.Command("strace", {
    args: ["-f", "-c", "-e", "trace=sendto,sendmsg,write,writev", "-o", out, "-p", String(pid)],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await new Promise((resolve) => setTimeout(resolve, 300)); // strace attaches to every thread
  const result = await runWrk({ path: "/" }, { ...options, seconds: 1 });
  strace.kill("SIGINT"); // strace prints its summary on interrupt
  await strace.status;
  const calls = (await Deno.readTextFile(out)).split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => ["sendto", "sendmsg", "write", "writev"].includes(cols.at(-1)!))
    .reduce((sum, cols) => sum + Number(cols[3]), 0);
  return calls / result.requests;
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

async function clockTicks(): Promise<number> {
  const output = await new Deno.Command("getconf", { args: ["CLK_TCK"] }).output();
  return Number(new TextDecoder().decode(output.stdout).trim()) || 100;
}

async function exists(program: string): Promise<boolean> {
  const found = await new Deno.Command("sh", { args: ["-c", `command -v ${program}`] })
    .output().catch(() => ({ success: false }));
  return found.success;
}
