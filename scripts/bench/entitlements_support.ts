/**
 * Helpers of `entitlements.ts`: a closed-loop load runner for requests with headers and bodies,
 * subprocess servers, Redis key cleanup and a Zipf sampler.
 *
 * Why a second runner: `load_generator.ts` sends bare `GET <path>` requests (no headers, no body),
 * and the entitlement routes need `Authorization` and, for the check, a `POST` with a JSON body.
 * This runner keeps its semantics (one keep-alive connection per worker, one request in flight,
 * a timed warm-up on the same connections, p50/p99 over the measured phase, `LoadResult` fields) and
 * adds what the entitlement benchmark needs: pre-encoded requests, an untimed pass over a user set
 * before the warm-up, and the `db` and `cache` call counts each response's `Server-Timing` reports.
 */
import { Redis } from "ioredis";
import { envSchema } from "../../src/config/env_schema.ts";
import type { LoadResult } from "./load_generator.ts";

export interface RequestLoadOptions {
  origin: string;
  /** The bytes of request number `i` (request line, headers and body), counted across phases. */
  request: (i: number) => Uint8Array;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Requests sent before the timed warm-up, untimed (one pass over a user set, say). */
  primeRequests?: number;
  /** A counter read at the start and end of the measured phase (the Upstash fake's requests). */
  probe?: () => number;
}

export interface RequestLoadResult extends LoadResult {
  /** Mean `db` calls per measured response, from `Server-Timing`. */
  dbCallsPerRequest: number;
  /** Mean `cache` calls (remote cache tier, Redis) per measured response, from `Server-Timing`. */
  cacheCallsPerRequest: number;
  /** Growth of `probe` over the measured phase, per measured request; NaN without a probe. */
  probePerRequest: number;
}

interface Outcome {
  status: number;
  db: number;
  cache: number;
}

export async function runRequestLoad(options: RequestLoadOptions): Promise<RequestLoadResult> {
  const senders = Array.from({ length: options.connections }, () => socketSender(options.origin));
  let next = 0;
  try {
    if (options.primeRequests) await phase(Infinity, false, options.primeRequests);
    await phase(options.warmupSeconds, false);
    const warmupRequests = next;
    const before = options.probe?.() ?? NaN;
    const measured = await phase(options.seconds, true);
    const probed = (options.probe?.() ?? NaN) - before;
    const samples = Float64Array.from(measured.latencies).sort();
    const n = samples.length;
    const pct = (p: number) => samples[Math.min(n - 1, Math.floor(n * p))];
    return {
      requests: n,
      seconds: measured.seconds,
      perSecond: n / measured.seconds,
      p50Ms: pct(0.5) ?? NaN,
      p99Ms: pct(0.99) ?? NaN,
      failed: measured.failed,
      databaseTouched: measured.touched,
      warmupRequests,
      dbCallsPerRequest: measured.db / Math.max(1, n),
      cacheCallsPerRequest: measured.cache / Math.max(1, n),
      probePerRequest: probed / Math.max(1, n),
    };
  } finally {
    for (const sender of senders) sender.close();
  }

  async function phase(seconds: number, record: boolean, count = Infinity) {
    const latencies: number[] = [];
    let failed = 0, touched = 0, db = 0, cache = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const stopAt = next + count;
    const worker = async (sender: ReturnType<typeof socketSender>) => {
      while (performance.now() < deadline && next < stopAt) {
        const bytes = options.request(next++);
        const t0 = performance.now();
        const outcome = await sender.send(bytes).catch(() => ({ status: 0, db: 0, cache: 0 }));
        if (!record) continue;
        latencies.push(performance.now() - t0);
        if (outcome.status < 200 || outcome.status > 299) failed++;
        if (outcome.db > 0) touched++;
        db += outcome.db;
        cache += outcome.cache;
      }
    };
    await Promise.all(senders.map(worker));
    return { latencies, failed, touched, db, cache, seconds: (performance.now() - start) / 1000 };
  }
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** One HTTP/1.1 request, encoded once so the load generator spends nothing building it. */
export function encodeRequest(
  origin: string,
  request: {
    method: "GET" | "POST";
    path: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Uint8Array {
  const { host } = new URL(origin);
  const body = request.body ?? "";
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    lines.push(`${name}: ${value}`);
  }
  if (request.method === "POST") lines.push(`Content-Length: ${encoder.encode(body).length}`);
  return encoder.encode(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

const TIMING = /(?:^|,\s*)(db|cache);dur=[\d.]+;desc="(\d+) call/g;

/** One keep-alive connection; responses must carry Content-Length (Deno.serve and Hono JSON do). */
function socketSender(origin: string) {
  const { hostname, port } = new URL(origin);
  let conn: Deno.TcpConn | undefined;
  let buf = new Uint8Array(64 * 1024);
  let start = 0;
  let end = 0;

  async function fill(): Promise<void> {
    if (start > 0) {
      buf.copyWithin(0, start, end);
      end -= start;
      start = 0;
    }
    if (end === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    const n = await conn!.read(buf.subarray(end));
    if (n === null) throw new Error("Connection closed by the server");
    end += n;
  }

  async function exchange(bytes: Uint8Array): Promise<Outcome> {
    conn ??= await Deno.connect({ hostname, port: Number(port) });
    await conn.write(bytes);
    let headEnd = -1;
    for (let from = start; headEnd < 0;) {
      for (let i = Math.max(from, start + 3); i < end; i++) {
        if (buf[i] === 0x0a && buf[i - 2] === 0x0a) {
          headEnd = i + 1;
          break;
        }
      }
      if (headEnd < 0) {
        const scanned = end - start;
        await fill();
        from = start + scanned;
      }
    }
    const head = latin1.decode(buf.subarray(start, headEnd)).toLowerCase();
    start = headEnd;
    const length = header(head, "content-length");
    if (length === undefined) throw new Error("Response without Content-Length");
    while (end - start < Number(length)) await fill();
    start += Number(length);
    const outcome = { status: Number(head.slice(9, 12)), db: 0, cache: 0 };
    for (const [, name, count] of (header(head, "server-timing") ?? "").matchAll(TIMING)) {
      outcome[name as "db" | "cache"] += Number(count);
    }
    if (header(head, "connection") === "close") reset();
    return outcome;
  }

  function reset() {
    try {
      conn?.close();
    } catch {
      // Already closed by the server.
    }
    conn = undefined;
    start = end = 0;
  }

  return {
    send: (bytes: Uint8Array) =>
      exchange(bytes).catch((error) => {
        reset();
        throw error;
      }),
    close: reset,
  };
}

function header(head: string, name: string): string | undefined {
  const at = head.indexOf(`\n${name}:`);
  if (at < 0) return undefined;
  const from = at + name.length + 2;
  return head.slice(from, head.indexOf("\r", from)).trim();
}

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
    portAsArg?: boolean;
  },
): Promise<Server> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...options.args, ...(options.portAsArg ? [String(port)] : [])],
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
function childEnv(extra: Record<string, string>): Record<string, string> {
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

/** A seeded PRNG (mulberry32): the same draws on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws ranks 0..n-1 with P(rank k) proportional to 1 / (k + 1)^s (inverse CDF, binary search),
 * mapped through a seeded random permutation so popularity is unrelated to insertion order.
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k]! /= total;
  const permutation = Uint32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [permutation[k], permutation[j]] = [permutation[j]!, permutation[k]!];
  }
  return () => {
    const u = random();
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return permutation[lo]!;
  };
}
