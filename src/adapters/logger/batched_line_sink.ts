import type { LogLevel } from "../../ports/logger.ts";

/** Where a batch of lines goes: one call per batch, each line ending in "\n". */
export interface LineStreams {
  out(text: string): void;
  err(text: string): void;
}

/** A sink that buffers lines; `flush` writes what it holds, `close` also stops its timer. */
export interface BatchedLineSink {
  write(line: string, level: LogLevel): void;
  flush(): void;
  close(): void;
}

/** Lines reach stdout at most this long after they are logged. */
export const LOG_FLUSH_MS = 50;
/** A buffer this large (in UTF-16 units, about bytes for log text) is written at once. */
export const LOG_FLUSH_CHARS = 64 * 1024;

/**
 * Buffers log lines and writes them in one call per batch: a synchronous stdout write per request
 * was the largest single cost of a cached read (a quarter of the server's CPU under load). A batch
 * is written when it reaches `maxChars`, `flushMs` after its first line, on `flush()`/`close()`,
 * and when the process unloads (`Deno.exit`) or dies of an uncaught error. Error lines are not
 * held: what was buffered is written first (order kept), then the error line, at once.
 */
export function createBatchedLineSink(options: {
  streams?: LineStreams;
  flushMs?: number;
  maxChars?: number;
} = {}): BatchedLineSink {
  const streams = options.streams ?? defaultStreams();
  const flushMs = options.flushMs ?? LOG_FLUSH_MS;
  const maxChars = options.maxChars ?? LOG_FLUSH_CHARS;
  let pending: string[] = [];
  let chars = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join("\n") + "\n";
    pending = [];
    chars = 0;
    streams.out(text);
  };
  const onExit = () => flush();
  const target = globalThis as unknown as Partial<EventTarget>;
  for (const event of EXIT_EVENTS) target.addEventListener?.(event, onExit);

  return {
    write(line, level) {
      if (level === "error") {
        flush();
        streams.err(line + "\n");
        return;
      }
      pending.push(line);
      chars += line.length + 1;
      if (chars >= maxChars) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    flush,
    close() {
      flush();
      for (const event of EXIT_EVENTS) target.removeEventListener?.(event, onExit);
    },
  };
}

/** `unload` fires on `Deno.exit` and a normal exit; `error`/`unhandledrejection` before a crash. */
const EXIT_EVENTS = ["unload", "error", "unhandledrejection"] as const;

/**
 * stdout/stderr written synchronously on Deno (a batch is one write, so the event loop waits once
 * per batch, not per line); elsewhere (Node, Workers) the console, one call per batch.
 */
function defaultStreams(): LineStreams {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (deno?.stdout?.writeSync) {
    const encoder = new TextEncoder();
    const writeAll = (file: { writeSync(p: Uint8Array): number }, text: string) => {
      let bytes = encoder.encode(text);
      try {
        while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
      } catch {
        // A closed stdout (the reader went away) must not fail the request that logged.
      }
    };
    return {
      out: (text) => writeAll(deno.stdout, text),
      err: (text) => writeAll(deno.stderr, text),
    };
  }
  return {
    out: (text) => console.log(text.slice(0, -1)),
    err: (text) => console.error(text.slice(0, -1)),
  };
}
