import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { canonicalJson } from "../../lib/canonical_json.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { claimIdempotencyKey } from "../../services/idempotency/claim_idempotency_key.ts";
import {
  completeIdempotencyKey,
  type StoredResponse,
} from "../../services/idempotency/complete_idempotency_key.ts";
import { releaseIdempotencyKey } from "../../services/idempotency/release_idempotency_key.ts";
import { parseIdempotencyKey } from "../idempotency_key_header.ts";

/** Set on a response that is a stored one given back, not a new run of the request. */
export const REPLAYED_HEADER = "idempotent-replayed";

/** The response headers a replay repeats; the rest (request id, rate limits) are the replay's own. */
const STORED_HEADERS = ["content-type", "location", "etag", "cache-control"] as const;

/**
 * Client errors stored like successes: they depend on the request alone (malformed or invalid
 * input), so a replay would get them anyway. Every other answer (a 5xx, a quota or conflict that
 * may change) releases the key, and a retry runs again: a refused request changed nothing.
 */
const STORED_CLIENT_ERRORS = new Set([400, 422]);

export interface IdempotencyKeyOptions {
  /**
   * Whether this request is one that creates or spends, given its parsed JSON body (undefined
   * when it has none or it is not JSON). Others ignore the key. Default: every request.
   */
  appliesTo?: (body: unknown) => boolean;
}

/**
 * Route middleware honouring `Idempotency-Key` (IETF httpapi draft) on a POST that creates or
 * spends. Put it after the route's guards, which every replay must pass again. Without the header
 * the request runs as usual. With it, the key is claimed for the caller before the handler runs
 * (`claimIdempotencyKey`): a repeat of the same request gets the stored response with
 * `Idempotent-Replayed: true`, the same key with another body or path is 422, and a repeat while
 * the first still runs is 409 with `Retry-After`.
 */
export function idempotencyKey(options: IdempotencyKeyOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("idempotency-key");
    const principal = c.get("principal");
    if (header === undefined || principal === undefined) return await next();
    const key = parseIdempotencyKey(header);
    const text = await c.req.text();
    const body = parseJson(text);
    if (options.appliesTo && !options.appliesTo(body)) return await next();

    const ctx = c.get("deps");
    const userId = principal.userId;
    const fingerprint = sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalBody(text, body)}`);
    const claim = await claimIdempotencyKey({ ctx, input: { userId, key, fingerprint } });
    if (claim.outcome === "replay") return replay(claim.response);

    const claimId = claim.claimId;
    try {
      await next();
    } catch (error) {
      await releaseQuietly(c, { userId, key, claimId });
      throw error;
    }
    const status = c.res.status;
    if ((status >= 200 && status < 300) || STORED_CLIENT_ERRORS.has(status)) {
      try {
        const response = await storable(c.res);
        const input = { userId, key, claimId, response };
        if (!await completeIdempotencyKey({ ctx, input })) {
          // This run outlived its lease and a retry took the key over; that one's answer is kept.
          ctx.logger.warn("Idempotency claim lapsed before its response was stored", {
            requestId: c.get("requestId"),
            route: c.req.routePath,
          });
        }
      } catch (error) {
        // The work is done: the client gets its answer. The claim lapses with its lease.
        ctx.logger.error("Cannot store idempotent response", logFields(c, error));
      }
    } else {
      await releaseQuietly(c, { userId, key, claimId });
    }
  };
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Equal for bodies that parse to the same JSON; byte-exact for anything else. */
function canonicalBody(text: string, body: unknown): string {
  if (body === undefined) return `raw:${text}`;
  try {
    return `json:${canonicalJson(body)}`;
  } catch {
    return `raw:${text}`;
  }
}

async function storable(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.clone().text() };
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(REPLAYED_HEADER, "true");
  const empty = stored.status === 204 || stored.status === 304;
  return new Response(empty ? null : stored.body, { status: stored.status, headers });
}

/** A failed release only delays a retry until the claim's lease ends; the answer stands. */
async function releaseQuietly(
  c: Context<AppEnv>,
  input: { userId: string; key: string; claimId: string },
): Promise<void> {
  try {
    await releaseIdempotencyKey({ ctx: c.get("deps"), input });
  } catch (error) {
    c.get("deps").logger.warn("Cannot release idempotency key", logFields(c, error));
  }
}

function logFields(c: Context<AppEnv>, error: unknown) {
  return {
    requestId: c.get("requestId"),
    route: c.req.routePath,
    error: error instanceof Error ? error.name : String(error),
  };
}
