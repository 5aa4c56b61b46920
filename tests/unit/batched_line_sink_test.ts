import assert from "node:assert/strict";
import { createBatchedLineSink } from "../../src/adapters/logger/batched_line_sink.ts";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";

function recordingStreams() {
  const writes: Array<{ stream: "out" | "err"; text: string }> = [];
  return {
    writes,
    streams: {
      out: (text: string) => writes.push({ stream: "out", text }),
      err: (text: string) => writes.push({ stream: "err", text }),
    },
  };
}

Deno.test("batched log sink holds lines and writes them in one call after flushMs", async () => {
  const { writes, streams } = recordingStreams();
  const sink = createBatchedLineSink({ streams, flushMs: 20 });
  try {
    sink.write('{"n":1}', "info");
    sink.write('{"n":2}', "warn");
    assert.deepEqual(writes, [], "nothing is written per line");
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(writes, [{ stream: "out", text: '{"n":1}\n{"n":2}\n' }]);
  } finally {
    sink.close();
  }
});

Deno.test("batched log sink writes at once when the buffer reaches maxChars", () => {
  const { writes, streams } = recordingStreams();
  const sink = createBatchedLineSink({ streams, flushMs: 60_000, maxChars: 20 });
  try {
    sink.write("a".repeat(9), "info");
    assert.equal(writes.length, 0);
    sink.write("b".repeat(9), "info");
    assert.deepEqual(writes, [{ stream: "out", text: `${"a".repeat(9)}\n${"b".repeat(9)}\n` }]);
    sink.write("c", "info");
    assert.equal(writes.length, 1, "a new batch starts empty");
  } finally {
    sink.close();
  }
  assert.equal(writes.at(-1)?.text, "c\n", "close writes the rest");
});

Deno.test("batched log sink writes what it holds, then an error line, immediately", () => {
  const { writes, streams } = recordingStreams();
  const sink = createBatchedLineSink({ streams, flushMs: 60_000 });
  try {
    sink.write("before", "info");
    sink.write("failed", "error");
    assert.deepEqual(writes, [
      { stream: "out", text: "before\n" },
      { stream: "err", text: "failed\n" },
    ]);
  } finally {
    sink.close();
  }
});

Deno.test("batched log sink loses nothing on flush and close, and close stops its timer", () => {
  const { writes, streams } = recordingStreams();
  const sink = createBatchedLineSink({ streams, flushMs: 60_000 });
  for (let i = 0; i < 1000; i++) sink.write(`line ${i}`, "info");
  sink.flush();
  sink.write("last", "info");
  // A leaked 60 s timer would fail this test (Deno's op sanitizer).
  sink.close();
  const lines = writes.map((w) => w.text).join("").split("\n").filter(Boolean);
  assert.equal(lines.length, 1001);
  assert.equal(lines[0], "line 0");
  assert.equal(lines.at(-1), "last");
  sink.close();
  assert.equal(writes.length, 2, "a second close writes nothing");
});

Deno.test("a process that logs and exits at once still writes every line to stdout", async () => {
  const logger = new URL("../../src/adapters/logger/json_logger.ts", import.meta.url).href;
  const script = `
    import { createJsonLogger } from "${logger}";
    const log = createJsonLogger({ level: "info" });
    for (let i = 0; i < 3000; i++) log.info("line", { i });
    log.warn("last");
    Deno.exit(0);
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  const lines = new TextDecoder().decode(output.stdout).trimEnd().split("\n");
  assert.equal(lines.length, 3001, stderr);
  assert.deepEqual(lines.map((line) => JSON.parse(line).i).slice(0, 3), [0, 1, 2]);
  assert.equal(JSON.parse(lines.at(-1)!).message, "last");
});

Deno.test("JSON logger redacts nested and flat secret fields alike on its fast path", () => {
  const lines: string[] = [];
  const logger = createJsonLogger({ level: "debug", write: (line) => lines.push(line) });
  logger.info("flat", { token: "t0k", count: 2, note: "ok" });
  logger.info("nested", { request: { authorization: "Bearer x" } });
  logger.info("plain", { requestId: "req_1", status: 200, cacheMs: undefined });
  assert.equal(JSON.parse(lines[0]!).token, "[redacted]");
  assert.equal(JSON.parse(lines[1]!).request.authorization, "[redacted]");
  assert.deepEqual(
    Object.keys(JSON.parse(lines[2]!)),
    ["time", "level", "message", "requestId", "status"],
  );
});
