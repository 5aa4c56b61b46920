/**
 * A closed-loop HTTP/1.1 load generator: `connections` workers, each with one keep-alive connection
 * and at most one request in flight; every response body is read to its end. Two clients:
 * - "socket": raw HTTP/1.1 over `Deno.connect`. On this machine it drives a bare Deno.serve at
 *   about 50k req/s from one core, five times what `fetch` does, so the baseline measures the
 *   server rather than the client.
 * - "fetch": `fetch` with one `Deno.HttpClient` (its keep-alive pool). Simpler and standard, but it
 *   tops out near 10k req/s here: anything faster than that all measures the same.
 */

export type LoadClient = "socket" | "fetch";

export interface LoadOptions {
  /** `http://host:port` of the server. */
  origin: string;
  /** Path and query of request number `i`, counted across warm-up and measurement. */
  path: (i: number) => string;
  client: LoadClient;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Stop once this many requests have been started in all (the size of an id pool, say). */
  maxRequests?: number;
}

export interface LoadResult {
  /** Requests started and finished in the measured phase. */
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses outside 2xx, plus requests that failed without a response. */
  failed: number;
  /** Responses whose `Server-Timing` names a `db` call: requests that reached the database. */
  databaseTouched: number;
  /** Requests issued during the warm-up. */
  warmupRequests: number;
}

/** What a worker learns from one exchange. */
interface Outcome {
  status: number;
  serverTiming: string;
}

type Send = (path: string) => Promise<Outcome>;

/** Runs a warm-up (not recorded), then the measured phase on the same connections. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const limit = options.maxRequests ?? Infinity;
  const fetchClient = options.client === "fetch"
    ? Deno.createHttpClient({ poolMaxIdlePerHost: options.connections })
    : undefined;
  const senders: { send: Send; close(): void }[] = Array.from(
    { length: options.connections },
    () => fetchClient ? fetchSender(options.origin, fetchClient) : socketSender(options.origin),
  );
  let next = 0;
  try {
    await phase(options.warmupSeconds, false);
    const warmupRequests = next;
    const measured = await phase(options.seconds, true);
    const samples = Float64Array.from(measured.latencies).sort();
    const pct = (p: number) =>
      samples[Math.min(samples.length - 1, Math.floor(samples.length * p))];
    return {
      requests: samples.length,
      seconds: measured.seconds,
      perSecond: samples.length / measured.seconds,
      p50Ms: pct(0.5) ?? NaN,
      p99Ms: pct(0.99) ?? NaN,
      failed: measured.failed,
      databaseTouched: measured.touched,
      warmupRequests,
    };
  } finally {
    for (const sender of senders) sender.close();
    fetchClient?.close();
  }

  async function phase(seconds: number, record: boolean) {
    const latencies: number[] = [];
    let failed = 0;
    let touched = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const worker = async ({ send }: { send: Send }) => {
      while (performance.now() < deadline && next < limit) {
        const path = options.path(next++);
        const t0 = performance.now();
        const outcome = await send(path).catch(() => ({ status: 0, serverTiming: "" }));
        if (!record) continue;
        latencies.push(performance.now() - t0);
        if (outcome.status < 200 || outcome.status > 299) failed++;
        if (/(^|,\s*)db;/.test(outcome.serverTiming)) touched++;
      }
    };
    await Promise.all(senders.map(worker));
    return { latencies, failed, touched, seconds: (performance.now() - start) / 1000 };
  }
}

function fetchSender(origin: string, client: Deno.HttpClient) {
  return {
    send: async (path: string): Promise<Outcome> => {
      const response = await fetch(origin + path, { client, signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      return { status: response.status, serverTiming: response.headers.get("server-timing") ?? "" };
    },
    close() {},
  };
}

const LF = 0x0a;
const latin1 = new TextDecoder("latin1");
const encoder = new TextEncoder();

/** One keep-alive connection speaking just enough HTTP/1.1 for GET: Content-Length or chunked. */
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

  /** Reads one CRLF-terminated line (without the CRLF). */
  async function line(): Promise<string> {
    for (let from = start;;) {
      const at = buf.subarray(from, end).indexOf(LF);
      if (at >= 0) {
        const lf = from + at;
        const text = latin1.decode(buf.subarray(start, lf - 1));
        start = lf + 1;
        return text;
      }
      const scanned = end - start;
      await fill();
      from = start + scanned;
    }
  }

  async function skip(bytes: number): Promise<void> {
    while (end - start < bytes) await fill();
    start += bytes;
  }

  /** Reads the status line and headers; returns them lower-cased, the blank line consumed. */
  async function head(): Promise<string> {
    for (let from = start;;) {
      for (let i = Math.max(from, start + 3); i < end; i++) {
        if (buf[i] === LF && buf[i - 2] === LF) {
          const text = latin1.decode(buf.subarray(start, i + 1)).toLowerCase();
          start = i + 1;
          return text;
        }
      }
      const scanned = end - start;
      await fill();
      from = start + scanned;
    }
  }

  async function exchange(path: string): Promise<Outcome> {
    conn ??= await Deno.connect({ hostname, port: Number(port) });
    await conn.write(encoder.encode(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`));
    const text = await head();
    const status = Number(text.slice(9, 12));
    const chunked = /\ntransfer-encoding:[^\r]*chunked/.test(text);
    const length = Number(headerValue(text, "content-length") ?? 0);
    const close = headerValue(text, "connection") === "close";
    const serverTiming = headerValue(text, "server-timing") ?? "";
    if (!chunked) await skip(length);
    else {
      for (let size = parseInt(await line(), 16); size > 0; size = parseInt(await line(), 16)) {
        await skip(size + 2);
      }
      while ((await line()) !== "");
    }
    if (close) reset();
    return { status, serverTiming };
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
    send: (path: string) =>
      exchange(path).catch((error) => {
        reset();
        throw error;
      }),
    close: reset,
  };
}

/** The value of header `name` in a lower-cased header block, or undefined. */
function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf(`\n${name}:`);
  if (at < 0) return undefined;
  const from = at + name.length + 2;
  return head.slice(from, head.indexOf("\r", from)).trim();
}
