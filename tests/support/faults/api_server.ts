import { freePort, waitFor } from "./commands.ts";

/** What the server process wrote to its log, summed by level and message. */
export interface ServerLog {
  /** `"warn Cache tier failed"` -> count. */
  readonly counts: Map<string, number>;
  /** Error lines other than those of a 503 (request log, "Database unavailable"), first ones. */
  readonly errors: string[];
  /** Lines that are not JSON log records (a crash trace), bounded. */
  readonly raw: string[];
}

export interface ApiServer {
  readonly url: string;
  readonly log: ServerLog;
  /** True while the process has not exited. */
  running(): boolean;
  /** SIGTERM (graceful shutdown), then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const REPO = new URL("../../../", import.meta.url).pathname;
const KEEP = 50;

/**
 * Starts the API as production does (`deno run src/main.ts`, configured by environment only) on a
 * free loopback port and waits for `GET /health`. Only the variables in `env` (plus PATH, HOME,
 * DENO_DIR and NO_COLOR) reach it. The log is parsed as it arrives, so nothing piles up in memory.
 */
export async function startApiServer(env: Record<string, string>): Promise<ApiServer> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "DENO_DIR", "NO_COLOR"].flatMap((k) => {
      const v = Deno.env.get(k);
      return v === undefined ? [] : [[k, v]];
    }),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-sys",
      "src/main.ts",
    ],
    cwd: REPO,
    clearEnv: true,
    env: { ...inherited, ENV_FILE: "none", PORT: String(port), PUBLIC_URL: url, ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: ServerLog = { counts: new Map(), errors: [], raw: [] };
  const reading = Promise.all([readLines(child.stdout, log), readLines(child.stderr, log)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  try {
    await waitFor("the API server's /health", async () => {
      if (exited) throw new Error("exited");
      const response = await fetch(`${url}/health`);
      await response.body?.cancel();
      return response.ok;
    }, 60_000);
  } catch (error) {
    if (!exited) child.kill("SIGKILL");
    await status;
    await reading;
    throw new Error(`The API server did not start: ${error}\n${log.raw.join("\n")}`);
  }
  return {
    url,
    log,
    running: () => !exited,
    stop: async () => {
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 10_000);
      await status;
      clearTimeout(timer);
      await reading;
    },
  };
}

/** Runs `use` with a started server, stopping the server whatever happens. */
export async function withServer(
  env: Record<string, string>,
  use: (server: ApiServer) => Promise<void>,
): Promise<void> {
  const server = await startApiServer(env);
  try {
    await use(server);
  } finally {
    await server.stop();
  }
}

async function readLines(stream: ReadableStream<Uint8Array>, log: ServerLog): Promise<void> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) record(line, log);
  }
  if (rest) record(rest, log);
}

function record(line: string, log: ServerLog): void {
  if (!line.trim()) return;
  let parsed: { level?: string; message?: string };
  try {
    parsed = JSON.parse(line);
  } catch {
    if (log.raw.length < KEEP) log.raw.push(line);
    return;
  }
  const key = `${parsed.level} ${parsed.message}`;
  log.counts.set(key, (log.counts.get(key) ?? 0) + 1);
  // The request log line of a 503 is at level error too; the line that explains it is enough.
  const failure = parsed.level === "error" &&
    !["Database unavailable", "request"].includes(parsed.message ?? "");
  if (failure && log.errors.length < KEEP) log.errors.push(line);
}
