/**
 * A loopback fake of the part of Resend's HTTP API the mailer uses (`POST /emails`), driven over
 * real HTTP by the real adapter. What it reproduces, from Resend's API reference:
 * - auth with `Authorization: Bearer <key>`: none is 401 `missing_api_key`, another key 403
 *   `invalid_api_key`;
 * - JSON bodies: `from`, `to` and `subject` are required (422 `missing_required_field`), and so is
 *   one of `text`/`html`; a malformed `from`/`to` address is 422 `validation_error`; `to` is an
 *   address or an array of at most 50;
 * - `Idempotency-Key` (1-256 characters, else 400 `invalid_idempotency_key`): the same key with
 *   the same body replays the first answer without sending again; the same key with another body
 *   is 409 `invalid_idempotent_request`. Failed requests are not remembered;
 * - answers `200 { id }` (a UUID), and errors as `{ statusCode, name, message }`.
 * Test controls: the `emails` actually "sent", the `requests` log, and `mode` ("down" answers 500
 * `application_error`, "throttle" 429 `rate_limit_exceeded`, "hang" never answers until the
 * client gives up or the fake closes).
 */

export interface ResendFakeEmail {
  id: string;
  idempotencyKey: string | undefined;
  /** The JSON body as received. */
  body: Record<string, unknown>;
}

export interface ResendFake {
  /** Base URL to hand the adapter as `apiBase` (`RESEND_API_BASE`). */
  url: string;
  emails: ResendFakeEmail[];
  requests: Array<{ method: string; path: string; headers: Record<string, string>; body: string }>;
  mode: "normal" | "down" | "throttle" | "hang";
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

const ADDRESS = /^(?:[^<>]*<\s*[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

export function startResendFake(options: { apiKey: string }): Promise<ResendFake> {
  const emails: ResendFakeEmail[] = [];
  const requests: ResendFake["requests"] = [];
  const idempotent = new Map<string, { body: string; answer: Answer }>();
  const hanging = new Set<() => void>();

  const send = (raw: string, key: string | undefined): Answer => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return error(400, "validation_error", "Invalid JSON body");
    }
    const missing = ["from", "to", "subject"].filter((field) => body[field] === undefined);
    if (body.text === undefined && body.html === undefined) missing.push("text or html");
    if (missing.length > 0) {
      return error(422, "missing_required_field", `Missing \`${missing.join("`, `")}\` field.`);
    }
    if (typeof body.from !== "string" || !ADDRESS.test(body.from)) {
      return error(
        422,
        "validation_error",
        "Invalid `from` field. The email address needs to follow the `email@example.com` or " +
          "`Name <email@example.com>` format.",
      );
    }
    const to = Array.isArray(body.to) ? body.to : [body.to];
    if (
      to.length === 0 || to.length > 50 ||
      !to.every((t) => typeof t === "string" && ADDRESS.test(t))
    ) {
      return error(422, "validation_error", "Invalid `to` field.");
    }
    const id = crypto.randomUUID();
    emails.push({ id, idempotencyKey: key, body });
    return { status: 200, body: { id } };
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const raw = await request.text();
    const headers = Object.fromEntries(request.headers);
    requests.push({ method: request.method, path: url.pathname, headers, body: raw });
    if (fake.mode === "hang") {
      // Held until `close()`: the client's own timeout is what the test is about.
      await new Promise<void>((resolve) => hanging.add(resolve));
      return answer(error(500, "application_error", "Closed while hanging"));
    }
    if (request.method !== "POST" || url.pathname !== "/emails") {
      return answer(error(404, "not_found", "The requested endpoint does not exist."));
    }
    const authorization = request.headers.get("authorization");
    if (!authorization) {
      return answer(error(401, "missing_api_key", "Missing API key in the authorization header."));
    }
    if (authorization !== `Bearer ${options.apiKey}`) {
      return answer(error(403, "invalid_api_key", "API key is invalid."));
    }
    if (fake.mode === "down") {
      return answer(error(500, "application_error", "An unexpected error occurred."));
    }
    if (fake.mode === "throttle") {
      return answer(error(429, "rate_limit_exceeded", "Too many requests."));
    }
    const key = request.headers.get("idempotency-key") ?? undefined;
    if (key !== undefined) {
      if (key.length < 1 || key.length > 256) {
        return answer(
          error(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
        );
      }
      const seen = idempotent.get(key);
      if (seen && seen.body !== raw) {
        return answer(error(
          409,
          "invalid_idempotent_request",
          "Same idempotency key used with a different request payload.",
        ));
      }
      if (seen) return answer(seen.answer);
    }
    const result = send(raw, key);
    if (key !== undefined && result.status === 200) {
      idempotent.set(key, { body: raw, answer: result });
    }
    return answer(result);
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);
  const fake: ResendFake = {
    url: `http://127.0.0.1:${server.addr.port}`,
    emails,
    requests,
    mode: "normal",
    async close() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
  return Promise.resolve(fake);
}

function error(statusCode: number, name: string, message: string): Answer {
  return { status: statusCode, body: { statusCode, name, message } };
}

function answer(result: Answer): Response {
  return Response.json(result.body, { status: result.status });
}
