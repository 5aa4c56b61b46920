import assert from "node:assert/strict";
import { createGracefulShutdown } from "../../src/lib/graceful_shutdown.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

function setup(overrides: {
  stopServer?: () => Promise<void>;
  close?: () => Promise<void>;
  deadlineMs?: number;
}) {
  const logger = createMemoryLogger("debug");
  const events: string[] = [];
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => exited = resolve);
  const shutdown = createGracefulShutdown({
    stopServer: overrides.stopServer ?? (() => {
      events.push("stopServer");
      return Promise.resolve();
    }),
    close: overrides.close ?? (() => {
      events.push("close");
      return Promise.resolve();
    }),
    logger,
    deadlineMs: overrides.deadlineMs ?? 4_000,
    exit: (code) => {
      events.push(`exit ${code}`);
      exited(code);
    },
  });
  return { shutdown, logger, events, exit };
}

Deno.test("graceful shutdown stops the server, then closes, then exits 0", async () => {
  const { shutdown, logger, events, exit } = setup({});
  await shutdown("SIGINT");
  assert.equal(await exit, 0);
  assert.deepEqual(events, ["stopServer", "close", "exit 0"]);
  const messages = logger.lines.map((line) => line.message);
  assert.deepEqual(messages, ["Shutting down", "Shut down"], JSON.stringify(logger.lines));
  assert.equal(logger.lines[0]?.signal, "SIGINT");
});

Deno.test("graceful shutdown ignores a second signal while stopping", async () => {
  const { shutdown, events, exit } = setup({});
  await Promise.all([shutdown("SIGINT"), shutdown("SIGTERM")]);
  await exit;
  assert.deepEqual(events, ["stopServer", "close", "exit 0"]);
});

Deno.test("graceful shutdown past its deadline logs and exits 1", async () => {
  let release: () => void = () => {};
  const stuck = new Promise<void>((resolve) => release = resolve);
  const { shutdown, logger, exit } = setup({ close: () => stuck, deadlineMs: 30 });
  const done = shutdown("SIGINT");
  assert.equal(await exit, 1);
  const line = logger.lines.find((l) => String(l.message).startsWith("Shutdown deadline exceeded"));
  assert.ok(line, JSON.stringify(logger.lines));
  release();
  await done;
});

Deno.test("graceful shutdown whose close throws logs it and exits 1", async () => {
  const { shutdown, logger, exit } = setup({
    close: () => Promise.reject(new Error("database gone")),
  });
  await shutdown("SIGTERM");
  assert.equal(await exit, 1);
  assert.ok(
    logger.lines.some((l) => l.message === "Shutdown failed"),
    JSON.stringify(logger.lines),
  );
});

Deno.test("graceful shutdown of a real server answers the request in flight before closing", async () => {
  let entered: () => void = () => {};
  const inHandler = new Promise<void>((resolve) => entered = resolve);
  let release: () => void = () => {};
  const barrier = new Promise<void>((resolve) => release = resolve);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async () => {
    entered();
    await barrier;
    return new Response("finished");
  });
  const { shutdown, events, exit } = setup({
    stopServer: async () => {
      await server.shutdown();
      events.push("server stopped");
    },
  });
  const response = fetch(`http://127.0.0.1:${server.addr.port}/`);
  await inHandler;
  const stopping = shutdown("SIGINT");
  // The request is held at the barrier: nothing may be closed while it runs.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(events, [], "closed before the request in flight finished");
  release();
  const answered = await response;
  assert.equal(answered.status, 200);
  assert.equal(await answered.text(), "finished");
  await stopping;
  assert.equal(await exit, 0);
  assert.deepEqual(events, ["server stopped", "close", "exit 0"]);
});
