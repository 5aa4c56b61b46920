/**
 * A loopback stand-in for the Upstash Redis REST API that forwards every command to a real Redis
 * over TCP, so the real `@upstash/redis` client runs against real Redis semantics (expiry, types,
 * errors): in tests (`tests/support/fakes/upstash_rest_fake.ts`), in benchmarks, and in front of a
 * local Redis for the production cache path (`deno task redis:rest`). What it reproduces of the
 * real service:
 * - `Authorization: Bearer <token>`; anything else is 401 `{ error }`.
 * - `POST /` with one JSON command array -> `{ result }`; a Redis error -> 400 `{ error }`.
 * - `POST /pipeline` and `POST /multi-exec` with an array of command arrays -> an array of
 *   `{ result }` or `{ error }`, one per command; `/multi-exec` runs them as MULTI/EXEC.
 * - `Upstash-Encoding: base64`: every string in a result, nested ones included, is sent as the
 *   base64 of its bytes; numbers and nulls are sent as they are.
 * - RESP mapping: bulk and simple strings -> string, integer -> number, nil -> null, array -> array.
 * - Lua scripts may start with `#!lua flags=allow-key-locking`, an Upstash extension that stock
 *   Redis refuses: the line is dropped before forwarding, and EVALSHA / SCRIPT LOAD keep using the
 *   digest of the script as the client sent it (what @upstash/ratelimit computes).
 * Not reproduced: path-style commands (`/set/foo/bar`), read-your-writes sync tokens, rate limits.
 * Test switches: "down" answers 500 at once; "hang" holds each request unanswered until `close()`.
 * With `reconnect`, a Redis that goes away is dialled again, so a fault test can stop and restart it
 * behind one fake URL; meanwhile every command fails at once (an error reply, as Upstash gives).
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";

export type UpstashRestFakeMode = "normal" | "down" | "hang";

export interface UpstashRestFake {
  /** Base URL to give the client, e.g. `http://127.0.0.1:53211`. */
  readonly url: string;
  /** Requests received so far, whatever their outcome. */
  readonly requests: number;
  setMode(mode: UpstashRestFakeMode): void;
  /** Releases held requests, stops the HTTP server and closes the Redis connection. */
  close(): Promise<void>;
}

type Command = [string, ...unknown[]];
type Reply = { result: unknown } | { error: string };

/**
 * Starts the front once its Redis connection is ready, on 127.0.0.1 and `port` (default 0: a free
 * port, what tests want; the dev command asks for a fixed one so the URL stays the same).
 */
export async function startUpstashRestFake(
  options: { redisUrl: string; token: string; reconnect?: boolean; port?: number },
): Promise<UpstashRestFake> {
  // No offline queue: a test Redis that is missing fails the start, and any command, at once.
  // Without `reconnect` a lost connection stays lost.
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: options.reconnect ? () => 100 : () => null,
  });
  // ioredis prints unhandled connection errors; a reconnecting fake expects them.
  if (options.reconnect) redis.on("error", () => {});
  await redis.connect().catch((error) => {
    redis.disconnect();
    throw error;
  });

  let mode: UpstashRestFakeMode = "normal";
  let requests = 0;
  const held = new Set<() => void>();
  const scripts = new ScriptTranslator();

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    onListen: () => {},
  }, async (req) => {
    requests += 1;
    if (mode === "down") return json({ error: "Service unavailable" }, 500);
    if (mode === "hang") {
      await new Promise<void>((resolve) => held.add(resolve));
      return json({ error: "Server closed" }, 503);
    }
    if (req.headers.get("authorization") !== `Bearer ${options.token}`) {
      return json({ error: "Unauthorized" }, 401);
    }
    const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
    const path = new URL(req.url).pathname;
    const body: unknown = await req.json().catch(() => undefined);
    try {
      if (path === "/" && isCommand(body)) {
        const command = scripts.translate(args(body));
        const raw = await redis.callBuffer(...command.args);
        const result = command.reply ?? raw;
        return json({ result: encode(result, base64) }, 200);
      }
      if ((path === "/pipeline" || path === "/multi-exec") && isBatch(body)) {
        const batch = path === "/pipeline" ? redis.pipeline() : redis.multi();
        for (const command of body) batch.callBuffer(...scripts.translate(args(command)).args);
        const replies = await batch.exec();
        if (replies === null) return json({ error: "ERR transaction aborted" }, 400);
        return json(replies.map(([error, result]) => reply(error, result, base64)), 200);
      }
    } catch (error) {
      return json({ error: error instanceof Error ? error.message : String(error) }, 400);
    }
    return json({ error: `ERR cannot handle "POST ${path}" with this body` }, 400);
  });

  const { port } = server.addr;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    setMode(next) {
      mode = next;
    },
    async close() {
      for (const release of held) release();
      held.clear();
      await server.shutdown();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function isCommand(body: unknown): body is Command {
  return Array.isArray(body) && body.length > 0 && typeof body[0] === "string";
}

function isBatch(body: unknown): body is Command[] {
  return Array.isArray(body) && body.length > 0 && body.every(isCommand);
}

/** The client sends numbers and booleans as JSON values; Redis takes every argument as a string. */
function args([name, ...rest]: Command): [string, ...string[]] {
  return [name, ...rest.map((arg) => typeof arg === "string" ? arg : JSON.stringify(arg))];
}

function reply(error: Error | null, result: unknown, base64: boolean): Reply {
  return error ? { error: error.message } : { result: encode(result, base64) };
}

/** Maps an ioredis buffer reply to the REST result, base64-encoding strings when asked. */
function encode(value: unknown, base64: boolean): unknown {
  if (value instanceof Uint8Array || typeof value === "string") {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
    return bytes.toString(base64 ? "base64" : "utf8");
  }
  if (Array.isArray(value)) return value.map((item) => encode(item, base64));
  return value ?? null;
}

function json(body: unknown, status: number): Response {
  return Response.json(body, { status });
}

const UPSTASH_SHEBANG = /^#!lua flags=allow-key-locking\r?\n/;

/** Maps scripts written for Upstash onto stock Redis, keeping the client's script digests. */
class ScriptTranslator {
  readonly #digests = new Map<string, string>();

  translate(command: [string, ...string[]]): { args: [string, ...string[]]; reply?: string } {
    const [name, first, ...rest] = command;
    const verb = name.toLowerCase();
    if ((verb === "eval" || verb === "eval_ro") && first !== undefined) {
      return { args: [name, this.#strip(first), ...rest] };
    }
    if ((verb === "evalsha" || verb === "evalsha_ro") && first !== undefined) {
      return { args: [name, this.#digests.get(first.toLowerCase()) ?? first, ...rest] };
    }
    if (verb === "script" && first?.toLowerCase() === "load" && rest[0] !== undefined) {
      // Load the stripped script but answer with the digest of the one the client sent.
      const stripped = this.#strip(rest[0]);
      return { args: [name, first, stripped], reply: sha1(rest[0]) };
    }
    return { args: command };
  }

  #strip(script: string): string {
    const stripped = script.replace(UPSTASH_SHEBANG, "");
    if (stripped !== script) this.#digests.set(sha1(script), sha1(stripped));
    return stripped;
  }
}

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}
