import { BadRequestError } from "../../ports/errors.ts";
import type { FailureReport } from "../../ports/queue.ts";

/**
 * Reads the body of QStash's failure callback: JSON with `sourceMessageId`, `url` (the
 * destination), `sourceBody` (the message body, base64), `status` and `body` (the last response,
 * base64), `retried` and `maxRetries`. QStash's own documentation spells the id
 * `sourceMessasgeId` in one example, so that spelling is read too. Throws a `BadRequestError`
 * naming what is missing; never echoes the body.
 */
export function readQstashFailureReport(body: string): FailureReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequestError("Failure report is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError("Failure report is not a JSON object");
  }
  const report = parsed as Record<string, unknown>;
  const messageId = report.sourceMessageId ?? report.sourceMessasgeId;
  const missing = [
    typeof messageId === "string" && messageId ? undefined : "sourceMessageId",
    typeof report.url === "string" ? undefined : "url",
    typeof report.status === "number" ? undefined : "status",
  ].filter((name) => name !== undefined);
  if (missing.length > 0) {
    throw new BadRequestError(`Failure report lacks ${missing.map((m) => `"${m}"`).join(", ")}`);
  }
  const retried = typeof report.retried === "number" ? report.retried : 0;
  return {
    messageId: messageId as string,
    url: report.url as string,
    body: decodeBase64(report.sourceBody, "sourceBody"),
    status: report.status as number,
    responseBody: decodeBase64(report.body, "body"),
    attempts: retried + 1,
  };
}

function decodeBase64(value: unknown, name: string): string {
  if (value === undefined || value === null || value === "") return "";
  if (typeof value !== "string") throw new BadRequestError(`Failure report "${name}" is not text`);
  try {
    const bytes = Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    throw new BadRequestError(`Failure report "${name}" is not base64`);
  }
}
