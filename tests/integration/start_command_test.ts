import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { processedJobs } from "../../src/db/schema.ts";

/**
 * The README's start path, end to end: the real `src/main.ts` in a child process on the embedded
 * defaults, reached over the network. The only tests here that start a server.
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

interface Server {
  child: Deno.ChildProcess;
  /** Lines the process wrote to stdout so far. */
  stdout: string[];
  stderr: Promise<string>;
  nextLine(): Promise<IteratorResult<string>>;
}

/** Spawns `src/main.ts` with only `env` plus what Deno needs to find its cache. */
function spawnServer(env: Record<string, string>): Server {
  const passThrough: Record<string, string> = {};
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) passThrough[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: START_ARGS,
    cwd: PROJECT_DIR,
    env: { ...passThrough, NO_COLOR: "1", ENV_FILE: "none", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = splitLines(child.stdout);
  const stdout: string[] = [];
  // One read in flight at a time, so a read abandoned by the timeout is picked up by the next call.
  let pending: Promise<IteratorResult<string>> | undefined;
  const nextLine = async () => {
    pending ??= lines.next();
    const result = await pending;
    pending = undefined;
    if (!result.done) stdout.push(result.value);
    return result;
  };
  return { child, stdout, stderr: new Response(child.stderr).text(), nextLine };
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

/** Reads stdout until the "Listening" log line and returns its URL. */
async function waitForListening(server: Server): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), LISTEN_LIMIT_MS);
  });
  try {
    while (true) {
      const result = await Promise.race([server.nextLine(), timeout]);
      if (result === "timeout") {
        throw new Error(`No "Listening" line within 60 s; stdout:\n${server.stdout.join("\n")}`);
      }
      if (result.done) {
        const status = await server.child.status;
        throw new Error(
          `Server exited (code ${status.code}) before listening; stdout:\n` +
            `${server.stdout.join("\n")}\nstderr:\n${await server.stderr}`,
        );
      }
      const record = parseJson(result.value);
      if (record?.message === "Listening") return String(record.url);
    }
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Waits for exit and consumes both pipes, so no resource outlives the test. */
async function finish(server: Server): Promise<{ status: Deno.CommandStatus; stderr: string }> {
  const status = await server.child.status;
  while (!(await server.nextLine()).done) { /* drain */ }
  return { status, stderr: await server.stderr };
}

/** Kills the child if it still runs; safe to call after it exited. */
async function dispose(server: Server | undefined): Promise<void> {
  if (!server) return;
  try {
    server.child.kill("SIGKILL");
  } catch {
    // Already exited.
  }
  await finish(server);
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  const text = await response.text();
  const body = parseJson(text);
  assert.ok(body, `GET ${url} did not return JSON (${response.status}): ${text}`);
  return { status: response.status, body };
}

async function assertHealthy(base: string): Promise<void> {
  const live = await getJson(`${base}/health`);
  assert.equal(live.status, 200, JSON.stringify(live.body));
  assert.equal(live.body.status, "ok", JSON.stringify(live.body));

  const ready = await getJson(`${base}/health/ready`);
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  assert.equal(ready.body.status, "ok", JSON.stringify(ready.body));
  const database = ready.body.database as { driver?: string; ok?: boolean } | undefined;
  assert.equal(database?.driver, "pglite", JSON.stringify(ready.body));
  assert.equal(database?.ok, true, JSON.stringify(ready.body));
}

/** Starts the server on `dataDir`, runs `check` against it, then stops it with SIGTERM. */
async function withServer(
  dataDir: string,
  check: (base: string) => Promise<void>,
): Promise<{ status: Deno.CommandStatus; stdout: string[]; stderr: string }> {
  let server: Server | undefined;
  try {
    server = spawnServer({ PORT: "0", PGLITE_DATA_DIR: dataDir });
    const base = await waitForListening(server);
    assert.match(base, /^http:\/\/localhost:\d+$/, server.stdout.join("\n"));
    await check(base);
    server.child.kill("SIGTERM");
    const { status, stderr } = await finish(server);
    return { status, stdout: server.stdout, stderr };
  } finally {
    await dispose(server);
  }
}

Deno.test("deno task start serves health and OpenAPI, then stops on SIGTERM", async (t) => {
  const dataDir = await Deno.makeTempDir({ prefix: "pitchey_start_" });
  try {
    const run = await withServer(dataDir, async (base) => {
      await t.step("GET /health and /health/ready answer on the embedded database", async () => {
        await assertHealthy(base);
      });
      await t.step(
        "GET /openapi.json is an OpenAPI 3.1 document with the health paths",
        async () => {
          const { status, body } = await getJson(`${base}/openapi.json`);
          assert.equal(status, 200, JSON.stringify(body));
          assert.match(String(body.openapi), /^3\.1\./, `openapi member: ${body.openapi}`);
          const paths = Object.keys(body.paths as Record<string, unknown>);
          assert.ok(paths.includes("/health"), `paths: ${paths}`);
          assert.ok(paths.includes("/health/ready"), `paths: ${paths}`);
        },
      );
    });
    await t.step("SIGTERM shuts down gracefully with exit code 0", () => {
      assert.equal(run.status.code, 0, `stderr:\n${run.stderr}\nstdout:\n${run.stdout.join("\n")}`);
      assert.ok(
        run.stdout.some((line) => parseJson(line)?.message === "Shutting down"),
        run.stdout.join("\n"),
      );
    });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("deno task start keeps data across restarts on one data dir", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pitchey_restart_" });
  try {
    const first = await withServer(dataDir, assertHealthy);
    assert.equal(first.status.code, 0, first.stderr);
    const before = await inspectData(dataDir, "restart-marker");

    const second = await withServer(dataDir, assertHealthy);
    assert.equal(second.status.code, 0, second.stderr);
    const after = await inspectData(dataDir);

    assert.ok(after.markers.includes("restart-marker"), `rows: ${after.markers}`);
    assert.equal(after.migrations, before.migrations, "migrations ran again on restart");
    assert.ok(before.migrations > 0, "first start applied no migration");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

/** Opens the stopped server's data dir, optionally writes a marker row, and reports what is there. */
async function inspectData(dataDir: string, marker?: string) {
  const database = await createPgliteDatabase({ dataDir });
  try {
    if (marker) {
      await database.db.insert(processedJobs).values({ messageId: marker, jobName: "test" });
    }
    const rows = await database.db.select().from(processedJobs);
    const result = await database.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    ) as unknown as { rows: { n: number }[] };
    return { markers: rows.map((row) => row.messageId), migrations: result.rows[0]?.n ?? 0 };
  } finally {
    await database.close();
  }
}

Deno.test("deno task start exits 1 listing every problem in a bad environment", async () => {
  let server: Server | undefined;
  try {
    const secret = "upstash-token-5ecret-value";
    server = spawnServer({ PORT: "abc", LOG_LEVEL: "loud", UPSTASH_REDIS_REST_TOKEN: secret });
    const { status, stderr } = await finish(server);
    assert.equal(status.code, 1, `stderr:\n${stderr}`);
    assert.match(stderr, /Invalid configuration/, stderr);
    assert.match(stderr, /- PORT: /, stderr);
    assert.match(stderr, /- LOG_LEVEL: /, stderr);
    assert.match(stderr, /- UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: /, stderr);
    assert.ok(!stderr.includes(secret), `secret leaked: ${stderr}`);
    assert.ok(
      !server.stdout.some((line) => parseJson(line)?.message === "Listening"),
      server.stdout.join("\n"),
    );
  } finally {
    await dispose(server);
  }
});
