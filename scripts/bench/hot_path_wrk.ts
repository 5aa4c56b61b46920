/**
 * CPU per request on the edge hot path, measured with `wrk` the way issue 13 states it: the server
 * pinned to core 0, wrk to core 1, 64 connections, memory cache, default (info) logging to a file,
 * each scenario as a ratio to the bare Deno.serve JSON handler measured in the same round. Rounds
 * alternate bare and API runs; the table shows the median ratio over the rounds.
 *
 *   deno run -A scripts/bench/hot_path_wrk.ts            # needs wrk and taskset on PATH
 *   HOT_ROUNDS=3 HOT_SECONDS=10 HOT_ONLY=health,pitch HOT_CONNECTIONS=64 deno run -A ...
 *
 * Data: `deno task seed` into HOT_DATA_DIR (default /tmp/pitchey-hot-path, created once), plus
 * HOT_USERS studio users with a session each (signed-in requests cycle through them, so the per-user
 * rate limit never answers instead of the route). HOT_PROFILE=1 runs the API with `--cpu-prof`
 * into HOT_DATA_DIR/profiles (read them with `profile_summary.ts`). HOT_BASE_ROOT=<checkout> also
 * runs that checkout's API (on a copy of the data) in every round, for a before/after in one run.
 */
import { sql } from "drizzle-orm";
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { createSession } from "../../src/services/accounts/create_session.ts";
import { childEnv, loadAverage, positive } from "./bench_servers.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const DIR = Deno.env.get("HOT_DATA_DIR") ?? "/tmp/pitchey-hot-path";
const ROUNDS = positive("HOT_ROUNDS", 3);
const SECONDS = positive("HOT_SECONDS", 10);
const CONNECTIONS = positive("HOT_CONNECTIONS", 64);
const USERS = positive("HOT_USERS", 1000);
const ONLY = Deno.env.get("HOT_ONLY")?.split(",");
const PROFILE = Deno.env.get("HOT_PROFILE") === "1";
const BASE_ROOT = Deno.env.get("HOT_BASE_ROOT");

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  signedIn?: boolean;
}

const pgDir = `${DIR}/pglite`;
const tokensFile = `${DIR}/tokens.txt`;
await prepareData();
const pitchId = await firstPitchId();
const allScenarios: Scenario[] = [
  { name: "health", method: "GET", path: "/health" },
  { name: "pitch", method: "GET", path: `/v1/pitches/${pitchId}` },
  { name: "list", method: "GET", path: "/v1/pitches?limit=20" },
  { name: "me", method: "GET", path: "/v1/me", signedIn: true },
  {
    name: "check",
    method: "POST",
    path: "/v1/entitlements/check",
    body: '{"feature":"analytics"}',
    signedIn: true,
  },
];
const scenarios = allScenarios.filter((s) => !ONLY || ONLY.includes(s.name));

const bare = {
  label: "bare",
  port: 8791,
  ...await spawn("bare", ["--allow-net", "scripts/bench/bare_server.ts", "8791"], 8791, {}),
};
const apiEnv = (port: number, dataDir: string) => ({
  PGLITE_DATA_DIR: dataDir,
  PORT: String(port),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
});
const profileArgs = PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${DIR}/profiles`] : [];
const apis: Target[] = [];
try {
  apis.push({
    label: "api",
    port: 8792,
    ...await spawn("api", [...profileArgs, "-A", "src/main.ts"], 8792, apiEnv(8792, pgDir)),
  });
  if (BASE_ROOT) {
    await Deno.remove(`${pgDir}-base`, { recursive: true }).catch(() => {});
    await copyDir(pgDir, `${pgDir}-base`);
    apis.push({
      label: "base",
      port: 8793,
      ...await spawn("base", ["-A", "src/main.ts"], 8793, apiEnv(8793, `${pgDir}-base`), BASE_ROOT),
    });
  }
  const rows = new Map<string, Array<{ x: number; cpuX: number; p99Ms: number }>>();
  for (const api of apis) for (const s of scenarios) await wrk(api, s, 2); // warm caches, JIT
  for (let round = 1; round <= ROUNDS; round++) {
    const base = await wrk(bare, { name: "bare", method: "GET", path: "/" }, SECONDS);
    console.log(
      `round ${round}: bare ${base.rps.toFixed(0)} req/s, ${base.cpuUs.toFixed(1)} CPU µs/req, ` +
        `p99 ${base.p99Ms} ms (load average ${loadAverage()})`,
    );
    for (const s of scenarios) {
      // Alternate which API goes first, so neither always runs right after the bare server.
      const order = round % 2 === 0 ? [...apis].reverse() : apis;
      for (const api of order) {
        const r = await wrk(api, s, SECONDS);
        const row = { x: r.rps / base.rps, cpuX: base.cpuUs / r.cpuUs, p99Ms: r.p99Ms };
        const key = `${api.label} ${s.name}`;
        rows.set(key, [...(rows.get(key) ?? []), row]);
        console.log(
          `  ${key.padEnd(12)} ${r.rps.toFixed(0).padStart(7)} req/s ${row.x.toFixed(3)}x bare  ` +
            `${r.cpuUs.toFixed(1).padStart(6)} CPU µs/req ${row.cpuX.toFixed(3)}x bare  ` +
            `p99 ${r.p99Ms} ms${r.non2xx ? `  non-2xx ${r.non2xx}` : ""}`,
        );
      }
    }
  }
  console.log(
    `\nmedian over ${ROUNDS} rounds (${CONNECTIONS} connections, ${SECONDS} s each); ` +
      "throughput ratio, CPU-per-request ratio (bare µs / API µs), p99:",
  );
  for (const [key, list] of rows) {
    const fmt = (values: number[]) => values.map((v) => v.toFixed(3)).join(" ");
    console.log(
      `  ${key.padEnd(12)} ${median(list.map((r) => r.x)).toFixed(3)}x (${
        fmt(list.map((r) => r.x))
      })` +
        `  cpu ${median(list.map((r) => r.cpuX)).toFixed(3)}x (${fmt(list.map((r) => r.cpuX))})` +
        `  p99 ${median(list.map((r) => r.p99Ms))} ms`,
    );
  }
} finally {
  for (const api of apis) await api.stop();
  await bare.stop();
}

async function copyDir(from: string, to: string): Promise<void> {
  const cp = await new Deno.Command("cp", { args: ["-r", from, to] }).output();
  if (!cp.success) throw new Error(`cp -r ${from} ${to} failed`);
}

async function prepareData(): Promise<void> {
  await Deno.mkdir(DIR, { recursive: true });
  if (!(await exists(pgDir))) {
    const seed = new Deno.Command(Deno.execPath(), {
      args: ["task", "seed"],
      cwd: ROOT,
      env: childEnv({ PGLITE_DATA_DIR: pgDir }),
      clearEnv: true,
      stdout: "null",
    });
    if (!(await seed.output()).success) throw new Error("deno task seed failed");
  }
  if (await exists(tokensFile)) return;
  const database = await createPgliteDatabase({ dataDir: pgDir });
  try {
    await database.migrate();
    await database.db.execute(sql.raw(
      `insert into users (id, email, name, role, password_hash)
       select 'usr_hot_' || g, 'hot' || g || '@bench.invalid', 'Hot ' || g, 'investor', 'x'
       from generate_series(1, ${USERS}) g on conflict do nothing`,
    ));
    await database.db.execute(sql.raw(
      `insert into subscriptions (user_id, subscription_id, customer_id, plan, status,
         provider_updated_at)
       select 'usr_hot_' || g, 'sub_hot_' || g, 'cus_hot_' || g, 'studio', 'active', now()
       from generate_series(1, ${USERS}) g on conflict do nothing`,
    ));
    const tokens: string[] = [];
    for (let i = 1; i <= USERS; i++) {
      const session = await createSession({
        ctx: { db: database.db, clock: systemClock },
        input: { userId: `usr_hot_${i}`, userAgent: "bench" },
      });
      tokens.push(session.token);
    }
    await Deno.writeTextFile(tokensFile, tokens.join("\n") + "\n");
  } finally {
    await database.close();
  }
}

async function firstPitchId(): Promise<string> {
  const database = await createPgliteDatabase({ dataDir: pgDir });
  try {
    const result = await database.db.execute(
      sql.raw(`select id from pitches where status = 'published' order by id limit 1`),
    );
    const rows = (result as unknown as { rows: Array<{ id: string }> }).rows;
    return rows[0]!.id;
  } finally {
    await database.close();
  }
}

async function spawn(
  label: string,
  args: string[],
  port: number,
  env: Record<string, string>,
  root = ROOT,
): Promise<{ pid: number; stop(): Promise<void> }> {
  const log = await Deno.open(`${DIR}/${label}.log`, { write: true, create: true, truncate: true });
  const child = new Deno.Command("taskset", {
    args: ["-c", "0", Deno.execPath(), "run", ...args],
    cwd: root,
    env: childEnv(env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const piping = child.stdout.pipeTo(log.writable);
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    await response?.body?.cancel();
    if (response) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await piping.catch(() => {});
    },
  };
}

interface Target {
  label: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** User + system CPU seconds the process has used (taskset execs, so the pid is the server's). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

async function wrk(target: Target, s: Scenario, seconds: number) {
  const port = target.port;
  const lua = `${DIR}/${s.name}.lua`;
  const headers = [
    s.body ? `["content-type"]="application/json"` : "",
    s.signedIn ? `["authorization"]="Bearer " .. tokens[i]` : "",
  ].filter(Boolean).join(", ");
  await Deno.writeTextFile(
    lua,
    `local tokens = {}
for line in io.lines("${tokensFile}") do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i % #tokens + 1
  return wrk.format("${s.method}", "${s.path}", {${headers}}, ${s.body ? `'${s.body}'` : "nil"})
end
`,
  );
  const cpuBefore = await cpuSeconds(target.pid);
  const out = await new Deno.Command("taskset", {
    args: [
      "-c",
      "1",
      "wrk",
      "-t1",
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      "--latency",
      "-s",
      lua,
      `http://127.0.0.1:${port}`,
    ],
    stdout: "piped",
  }).output();
  const cpu = await cpuSeconds(target.pid) - cpuBefore;
  const text = new TextDecoder().decode(out.stdout);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const p99Ms = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2] as "us"] : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  return { rps, p99Ms: Math.round(p99Ms * 100) / 100, non2xx, cpuUs: cpu * 1e6 / requests };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
