import assert from "node:assert/strict";
import { randomUser } from "../support/accounts.ts";
import { randomPitch } from "../support/pitches.ts";
import { parseLogLine, type ServerProcess, startServer } from "../support/server_process.ts";

/**
 * Deno Deploy stops an instance with SIGINT and SIGKILLs it 5 s later. Views are buffered in
 * memory (written every 2 s or per 500), so only a shutdown that flushes them keeps them: the
 * views below are recorded and the signal sent at once, then a second process on the same data
 * finds them.
 */

const SHUTDOWN_LIMIT_MS = 4_000;
const VIEWERS = ["viewer-agent/1", "viewer-agent/2", "viewer-agent/3"];

async function call(
  server: ServerProcess,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; agent?: string; forwardedFor?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.agent) headers["user-agent"] = options.agent;
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, text };
}

Deno.test("SIGINT flushes buffered views and exits 0 within 4 s; a restart finds them", async (t) => {
  const dataDir = await Deno.makeTempDir({ prefix: "pitchey_shutdown_" });
  // The lowest PBKDF2 cost config allows: one sign-up, not a password test.
  // Readers are told apart by address (one view per address a day): the test stands in for the
  // proxy that would set X-Forwarded-For.
  const env = {
    PGLITE_DATA_DIR: dataDir,
    PASSWORD_PBKDF2_ITERATIONS: "100000",
    TRUST_PROXY: "xff:1",
  };
  let server: ServerProcess | undefined;
  try {
    server = await startServer(env);
    const first = server;
    let token = "";
    let pitchId = "";

    await t.step("a creator publishes a pitch and three anonymous readers open it", async () => {
      const signUp = await call(first, "POST", "/v1/auth/signup", { body: randomUser() });
      assert.equal(signUp.status, 201, signUp.text);
      token = (signUp.body.session as { token: string }).token;
      const created = await call(first, "POST", "/v1/pitches", { token, body: randomPitch() });
      assert.equal(created.status, 201, created.text);
      pitchId = String(created.body.id);
      const published = await call(first, "POST", `/v1/pitches/${pitchId}/publish`, { token });
      assert.equal(published.status, 200, published.text);
      for (const [i, agent] of VIEWERS.entries()) {
        const forwardedFor = `203.0.113.${i + 10}`;
        const read = await call(first, "GET", `/v1/pitches/${pitchId}`, { agent, forwardedFor });
        assert.equal(read.status, 200, read.text);
      }
    });

    await t.step("SIGINT ends the process with exit code 0 within 4 s", async () => {
      const sent = performance.now();
      first.child.kill("SIGINT");
      const { status, stderr } = await first.finished;
      const elapsed = performance.now() - sent;
      const logs = `stderr:\n${stderr}\nstdout:\n${first.stdout.join("\n")}`;
      assert.equal(status.code, 0, logs);
      assert.ok(elapsed < SHUTDOWN_LIMIT_MS, `took ${Math.round(elapsed)} ms; ${logs}`);
      const messages = first.stdout.map((line) => parseLogLine(line)?.message);
      assert.ok(messages.includes("Shutting down"), logs);
      assert.ok(messages.includes("Shut down"), logs);
    });

    await t.step("after a restart the owner sees the three views", async () => {
      server = await startServer(env);
      const owned = await call(server, "GET", `/v1/pitches/${pitchId}`, { token });
      assert.equal(owned.status, 200, owned.text);
      assert.equal(owned.body.viewCount, VIEWERS.length, owned.text);
      server.child.kill("SIGTERM");
      const { status, stderr } = await server.finished;
      assert.equal(status.code, 0, `stderr:\n${stderr}\nstdout:\n${server.stdout.join("\n")}`);
    });
  } finally {
    await server?.dispose();
    await Deno.remove(dataDir, { recursive: true });
  }
});
