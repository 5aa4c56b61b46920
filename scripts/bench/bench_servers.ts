/**
 * Helpers shared by the HTTP benchmarks (`http_pitches.ts`, `entitlements.ts`): subprocess
 * servers on free ports, the environment they get, Redis key cleanup, the bare-baseline table and env/load-average
 * readers.
 */
import { Redis } from "ioredis";
import { envSchema } from "../../src/config/env_schema.ts";
import type { LoadResult } from "./load_generator.ts";

/** A subprocess server; `stop()` ends it (SIGTERM, then SIGKILL after 10 s). */
export interface Server {
  origin: string;
  stop(): Promise<void>;
}

/** Spawns `deno run <args>` from `root` on a free port and waits until `probe` answers 200. */
export async function startServer(
  options: {
    root: string;
    label: string;
    args: string[];
    probe: string;
    env: Record<string, string>;
    /** Pass the port as the last argument too (the bare server reads it there). */
    portAsArg?: boolean;
    /** A command that runs `deno` (`taskset -c 1`, see `wrk.ts` `launcher`); none by default. */
    launcher?: string[];
  },
): Promise<Server> {
  const port = freePort();
  const [program, ...prefix] = [...(options.launcher ?? []), Deno.execPath()];
  const child = new Deno.Command(program!, {
    args: [
      ...prefix,
      "run",
      ...options.args,
      ...(options.portAsArg ? [String(port)] : []),
    ],
    cwd: options.root,
    env: childEnv({ ...options.env, PORT: String(port) }),
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const server = { origin: `http://127.0.0.1:${port}`, stop: () => stop(child) };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const response = await fetch(server.origin + options.probe).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.ok) return server;
    const exited = await within(child.status, 100);
    if (exited) throw new Error(`The ${options.label} server exited with code ${exited.code}`);
  }
  await server.stop();
  throw new Error(`The ${options.label} server did not answer ${options.probe} within 120 s`);
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    return; // Already gone.
  }
  if (!(await within(child.status, 10_000))) {
    child.kill("SIGKILL");
    await child.status;
  }
}

/** This process's environment without any of the API's own variables, plus `extra`. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env = Deno.env.toObject();
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  return { ...env, ...extra };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** `promise`, or undefined once `ms` have passed; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Deletes every key under `prefix` (SCAN + DEL, never FLUSH); returns how many were deleted. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    for (let cursor = "0";;) {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      if ((cursor = next) === "0") break;
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * Prints `head` and one row per result, the first column padded right and the others left to
 * `widths`; `cells` gets each result and its throughput relative to the mean of the rows labelled
 * "bare...". Returns that mean and the spread between the bare rows, in percent.
 */
export function printRows<R extends LoadResult>(
  rows: Array<[string, R]>,
  head: string[],
  widths: number[],
  cells: (label: string, result: R, xBare: number) => string[],
): { baseline: number; drift: number } {
  const bares = rows.filter(([label]) => label.startsWith("bare")).map(([, r]) => r.perSecond);
  const baseline = bares.reduce((x, y) => x + y, 0) / bares.length;
  const drift = (Math.max(...bares) / Math.min(...bares) - 1) * 100;
  const line = (cells: string[]) =>
    cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join(" ");
  console.log(line(head));
  for (const [label, r] of rows) console.log(line(cells(label, r, r.perSecond / baseline)));
  return { baseline, drift };
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): string {
  return Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
}

/** The number in env var `name` (or `fallback`); throws unless it is positive. */
export function positive(name: string, fallback: number): number {
  const value = Number(Deno.env.get(name) ?? fallback);
  if (!(value > 0)) {
    throw new Error(`${name} must be a positive number, got "${Deno.env.get(name)}"`);
  }
  return value;
}
