/**
 * Cold start: time from spawning a fresh server process to its first `GET /health` 200, median of
 * N runs per database path. Usage:
 *   deno task bench:cold-start [--runs 7] [--runtime deno|node] [--paths pglite,tcp,neon]
 *     [--root /path/to/another/checkout]
 * `tcp` and `neon` use the local Postgres (CI_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/
 * postgres); `neon` goes through the loopback wsproxy relay, as the Neon-driver test suite does.
 * `--runtime node` runs the Node bundle (`deno task build:node` first).
 */
import { parseArgs } from "node:util";
import { startNeonWsRelay } from "../../tests/support/fakes/neon_ws_relay.ts";

const HERE = new URL("../../", import.meta.url).pathname;
const PG_URL = Deno.env.get("CI_POSTGRES_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DEADLINE_MS = 60_000;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "7" },
    runtime: { type: "string", default: "deno" },
    paths: { type: "string", default: "pglite,tcp,neon" },
    /** Another checkout to measure (e.g. `git archive <before> | tar -x -C /tmp/before`). */
    root: { type: "string", default: HERE },
  },
});
const ROOT = values.root.endsWith("/") ? values.root : `${values.root}/`;
const runs = Number(values.runs);
const runtime = values.runtime === "node" ? "node" : "deno";

/** The command that starts the server on `port` with `runtime`. */
function command(): { cmd: string; args: string[] } {
  if (runtime === "node") return { cmd: "node", args: [`${ROOT}dist/node/server.mjs`] };
  return {
    cmd: Deno.execPath(),
    args: ["run", "--cached-only", "-A", `${ROOT}src/main.ts`],
  };
}

/**
 * One fresh process: milliseconds from spawn to the first 200 from /health (wall), and the CPU
 * time the process had used by then (user + system, from /proc; steadier on a busy machine).
 */
async function once(env: Record<string, string>): Promise<{ wall: number; cpu: number }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const { cmd, args } = command();
  const started = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    clearEnv: true,
    env: { ...baseEnv(), ...env, PORT: String(port), LOG_LEVEL: "error" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    while (performance.now() - started < DEADLINE_MS) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        await response.body?.cancel();
        if (response.status === 200) {
          return { wall: performance.now() - started, cpu: await cpuMs(child.pid) };
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`No /health 200 within ${DEADLINE_MS} ms`);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone (it failed to start): its stderr below says why.
    }
    const { stderr } = await child.output().catch(() => ({ stderr: new Uint8Array() }));
    if (stderr.length && Deno.env.get("COLD_START_VERBOSE")) {
      console.error(new TextDecoder().decode(stderr));
    }
  }
}

/** User + system CPU time of `pid` in ms (Linux /proc; NaN elsewhere). */
async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function baseEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "NODE_PATH"];
  return Object.fromEntries(keep.flatMap((k) => Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []));
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const relay = await startNeonWsRelay();
const PATHS: Record<string, Record<string, string>> = {
  pglite: { DATABASE_DRIVER: "pglite", PGLITE_DATA_DIR: ":memory:" },
  tcp: { DATABASE_URL: PG_URL, DATABASE_DRIVER: "tcp" },
  neon: { DATABASE_URL: PG_URL, DATABASE_DRIVER: "neon", NEON_WS_PROXY: relay.wsProxy },
};
try {
  console.log(
    `cold start (${runtime}, ${ROOT}), fresh process to GET /health 200, median of ${runs}`,
  );
  for (const path of values.paths.split(",")) {
    const env = PATHS[path];
    if (!env) throw new Error(`Unknown path "${path}": expected pglite, tcp or neon`);
    await once(env); // Warms the OS file cache; not counted.
    const samples: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) samples.push(await once(env));
    const wall = samples.map((s) => s.wall);
    const cpu = samples.map((s) => s.cpu);
    console.log(
      `${path.padEnd(7)} wall median ${median(wall).toFixed(0)} ms, CPU median ` +
        `${median(cpu).toFixed(0)} ms  (wall runs: ${wall.map((s) => s.toFixed(0)).join(", ")})`,
    );
  }
} finally {
  await relay.close();
}
