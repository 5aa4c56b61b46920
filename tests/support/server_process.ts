/**
 * The real `src/main.ts` in a child process, for the few tests whose point is the process itself
 * (signals, exit codes, data surviving a restart). Everything else uses `app.request`.
 */

const PROJECT_DIR = new URL("../..", import.meta.url).pathname;
const START_ARGS = [
  "run",
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-sys",
  "src/main.ts",
];
/** A broken build fails the test instead of hanging it; not a performance assertion. */
const LISTEN_LIMIT_MS = 60_000;

export interface ServerProcess {
  child: Deno.ChildProcess;
  /** Every stdout line so far (JSON log lines). */
  stdout: string[];
  /** The base URL from the "Listening" line. */
  url: string;
  /** Waits for exit, drains both pipes, and returns the status with stderr. */
  finished: Promise<{ status: Deno.CommandStatus; stderr: string }>;
  /** SIGKILLs the process if it still runs and waits for it; safe after exit. */
  dispose(): Promise<void>;
}

/** Spawns the server with only `env` plus what Deno needs to find its cache; resolves once listening. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const passThrough: Record<string, string> = {};
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) passThrough[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: START_ARGS,
    cwd: PROJECT_DIR,
    // ENV_FILE=none: a developer's .env must not reach the server under test.
    env: { ...passThrough, NO_COLOR: "1", PORT: "0", ENV_FILE: "none", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout: string[] = [];
  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => onListening = resolve);
  const reading = (async () => {
    for await (const line of splitLines(child.stdout)) {
      stdout.push(line);
      const record = parseLogLine(line);
      if (record?.message === "Listening") onListening(String(record.url));
    }
  })();
  const stderr = new Response(child.stderr).text();
  const finished = (async () => {
    const status = await child.status;
    await reading;
    return { status, stderr: await stderr };
  })();
  const dispose = async () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    await finished;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), LISTEN_LIMIT_MS);
  });
  const first = await Promise.race([listening, finished, timeout]);
  clearTimeout(timer);
  if (typeof first === "string" && first !== "timeout") {
    return { child, stdout, url: first, finished, dispose };
  }
  await dispose();
  const { status, stderr: errors } = await finished;
  throw new Error(
    `Server did not listen (exit ${status.code}); stdout:\n${
      stdout.join("\n")
    }\nstderr:\n${errors}`,
  );
}

/** A JSON log line as an object, or undefined for any other line. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

async function* splitLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
    }
  }
  if (buffer) yield buffer;
}
