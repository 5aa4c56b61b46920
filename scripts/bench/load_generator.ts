/**
 * A closed-loop HTTP/1.1 load generator: `connections` workers, each with one keep-alive connection
 * and at most one request in flight; every response body is read to its end. Two clients:
 * - "socket": raw HTTP/1.1 over `Deno.connect`. On this machine it drives a bare Deno.serve at
 *   about 50k req/s from one core, five times what `fetch` does, so the baseline measures the
 *   server rather than the client.
 * - "fetch": `fetch` with one `Deno.HttpClient` (its keep-alive pool). Simpler and standard, but it
 *   tops out near 10k req/s here: anything faster than that all measures the same.
 * A request is a bare `GET <path>`, or a `LoadRequest` with its own method, headers and body (the
 * socket client encodes each request object once and reuses the bytes).
 */

export type LoadClient = "socket" | "fetch";

/** One request with more than a path; the method defaults to GET. */
export interface LoadRequest {
  method?: string;
  /** Path and query. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** `http://host:port` of the server. */
  origin: string;
  /**
   * Request number `i`, counted across all phases: its path and query (a bare GET), or a
   * `LoadRequest`. Return the same object for the same request to let the socket client reuse it.
   */
  path: (i: number) => string | LoadRequest;
  client: LoadClient;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Stop once this many requests have been started in all (the size of an id pool, say). */
  maxRequests?: number;
  /** Requests sent before the timed warm-up, untimed (one pass over a user set, say). */
  primeRequests?: number;
  /** A counter read at the start and end of the measured phase (the Upstash fake's requests). */
  probe?: () => number;
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
  /** Requests issued during the warm-up (and the priming pass). */
  warmupRequests: number;
  /** Mean `db` calls per measured response, from `Server-Timing` (`desc="N calls"`). */
  dbCallsPerRequest: number;
  /** Mean `cache` calls (remote cache tier) per measured response, from `Server-Timing`. */
  cacheCallsPerRequest: number;
  /** Growth of `probe` over the measured phase, per measured request; NaN without a probe. */
  probePerRequest: number;
}

/** What a worker learns from one exchange. */
interface Outcome {
  status: number;
  serverTiming: string;
}

type Send = (request: string | LoadRequest) => Promise<Outcome>;

const TIMING = /(?:^|,\s*)(db|cache);dur=[\d.]+;desc="(\d+) call/g;

/** Runs a warm-up (not recorded), then the measured phase on the same connections. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const limit = options.maxRequests ?? Infinity;
  const fetchClient = options.client === "fetch"
    ? Deno.createHttpClient({ poolMaxIdlePerHost: options.connections })
    : undefined;
  /** `LoadRequest` objects already encoded for this origin, shared by every connection. */
  const encoded = new WeakMap<LoadRequest, Uint8Array>();
  const senders: { send: Send; close(): void }[] = Array.from(
    { length: options.connections },
    () =>
      fetchClient
        ? fetchSender(options.origin, fetchClient)
        : socketSender(options.origin, encoded),
  );
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
    fetchClient?.close();
  }

  async function phase(seconds: number, record: boolean, count = Infinity) {
    const latencies: number[] = [];
    let failed = 0, touched = 0, db = 0, cache = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const stopAt = Math.min(limit, next + count);
    const worker = async ({ send }: { send: Send }) => {
      while (performance.now() < deadline && next < stopAt) {
        const request = options.path(next++);
        const t0 = performance.now();
        const outcome = await send(request).catch(() => ({ status: 0, serverTiming: "" }));
        if (!record) continue;
        latencies.push(performance.now() - t0);
        if (outcome.status < 200 || outcome.status > 299) failed++;
        if (/(^|,\s*)db;/.test(outcome.serverTiming)) touched++;
        for (const [, name, calls] of outcome.serverTiming.matchAll(TIMING)) {
          if (name === "db") db += Number(calls);
          else cache += Number(calls);
        }
      }
    };
    await Promise.all(senders.map(worker));
    return { latencies, failed, touched, db, cache, seconds: (performance.now() - start) / 1000 };
  }
}

function fetchSender(origin: string, client: Deno.HttpClient) {
  return {
    send: async (request: string | LoadRequest): Promise<Outcome> => {
      const { path, method, headers, body } = typeof request === "string"
        ? { path: request } as LoadRequest
        : request;
      const response = await fetch(origin + path, {
        client,
        method,
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      return { status: response.status, serverTiming: response.headers.get("server-timing") ?? "" };
    },
    close() {},
  };
}

const LF = 0x0a;
const latin1 = new TextDecoder("latin1");
const encoder = new TextEncoder();

/** The bytes of one HTTP/1.1 request (request line, headers, body). */
function encodeRequest(host: string, request: LoadRequest): Uint8Array {
  const method = request.method ?? "GET";
  const body = request.body ?? "";
  const lines = [`${method} ${request.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    lines.push(`${name}: ${value}`);
  }
  if (request.body !== undefined || method === "POST") {
    lines.push(`Content-Length: ${encoder.encode(body).length}`);
  }
  return encoder.encode(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/**
 * One keep-alive connection speaking just enough HTTP/1.1 for these requests: responses with
 * Content-Length or chunked.
 */
function socketSender(origin: string, encoded: WeakMap<LoadRequest, Uint8Array>) {
  const { hostname, port } = new URL(origin);
  const host = `${hostname}:${port}`;
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

  function bytesOf(request: string | LoadRequest): Uint8Array {
    if (typeof request === "string") {
      return encoder.encode(`GET ${request} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    }
    let bytes = encoded.get(request);
    if (!bytes) encoded.set(request, bytes = encodeRequest(host, request));
    return bytes;
  }

  async function exchange(request: string | LoadRequest): Promise<Outcome> {
    conn ??= await Deno.connect({ hostname, port: Number(port) });
    await conn.write(bytesOf(request));
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
    send: (request: string | LoadRequest) =>
      exchange(request).catch((error) => {
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
