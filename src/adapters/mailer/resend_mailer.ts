import type { EmailMessage, Mailer } from "../../ports/mailer.ts";
import { EmailRejectedError, UpstreamError } from "../../ports/errors.ts";
import { httpPing } from "../../lib/http_ping.ts";

export interface ResendMailerOptions {
  /** `re_...`; sent as a bearer token, never logged or quoted in an error. */
  apiKey: string;
  /** The sender, `Pitchey <hello@pitchey.example>` or a bare address on a verified domain. */
  from: string;
  /** Defaults to https://api.resend.com; tests point it at a loopback fake. */
  apiBase?: string;
  /** Longest wait for one request. Defaults to 10 s: jobs retry, requests never wait on this. */
  timeoutMs?: number;
}

export const RESEND_API_BASE = "https://api.resend.com";

/**
 * Error names Resend answers that a later retry of the same message can get past: throttling,
 * its own failures, a concurrent request with the same idempotency key, and a key problem an
 * operator fixes (the queue's retries and dead letters keep the message meanwhile).
 */
const TRANSIENT = new Set([
  "rate_limit_exceeded",
  "daily_quota_exceeded",
  "concurrent_idempotent_requests",
  "application_error",
  "internal_server_error",
  "missing_api_key",
  "invalid_api_key",
  "restricted_api_key",
  "suspended_api_key",
]);

/**
 * Resend's HTTP API over fetch (`POST /emails`), no SDK. The message's `idempotencyKey` goes in
 * the `Idempotency-Key` header, so a retried job sends once. Network failures, timeouts, 429 and
 * 5xx are `UpstreamError`s (retry); a refusal of the message itself (400/422 validation, an
 * unverified sender domain, a reused key with another payload) is an `EmailRejectedError`.
 */
export function createResendMailer(options: ResendMailerOptions): Mailer {
  if (!options.apiKey || !options.from) {
    throw new TypeError("Cannot create the Resend mailer: the API key or sender is empty");
  }
  const base = (options.apiBase ?? RESEND_API_BASE).replace(/\/+$/, "");
  const endpoint = `${base}/emails`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "resend",
    ping: () =>
      httpPing(`${base}/domains`, { token: options.apiKey, timeoutMs: 2_000, provider: "Resend" }),
    async send(message: EmailMessage) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.apiKey}`,
        "content-type": "application/json",
      };
      if (message.idempotencyKey) headers["idempotency-key"] = message.idempotencyKey;
      const body = JSON.stringify({
        from: options.from,
        to: [message.to],
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.headers && Object.keys(message.headers).length > 0
          ? { headers: message.headers }
          : {}),
        tags: [{ name: "category", value: message.tag.replace(/[^A-Za-z0-9_-]/g, "_") }],
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const why = error instanceof DOMException && error.name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : "the request failed";
        throw new UpstreamError(`Cannot send email "${message.tag}" through Resend: ${why}`);
      }
      const answer = await readJson(response);
      if (response.ok) {
        const id = typeof answer?.id === "string" ? answer.id : undefined;
        if (!id) {
          throw new UpstreamError(`Resend accepted email "${message.tag}" without an id`);
        }
        return { id };
      }
      throw refusal(message.tag, response.status, answer, options.apiKey);
    },
  };
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value = await response.json();
    return value && typeof value === "object" ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The error for a non-2xx answer; the provider's own message helps operators and holds no key. */
function refusal(
  tag: string,
  status: number,
  answer: Record<string, unknown> | undefined,
  apiKey: string,
) {
  const name = typeof answer?.name === "string" ? answer.name : "unknown_error";
  // Should a message ever echo the key, it is masked before it reaches a log or a dead letter.
  const said = typeof answer?.message === "string"
    ? `: ${answer.message.slice(0, 300).replaceAll(apiKey, "re_***")}`
    : "";
  const text = `Resend refused email "${tag}" with ${status} "${name}"${said}`;
  if (status === 429 || status >= 500 || TRANSIENT.has(name)) return new UpstreamError(text);
  return new EmailRejectedError(text, { provider: "resend", status, name });
}
