import type { TestUser } from "../support/accounts.ts";
import type { Harness } from "../support/harness.ts";
import type { FuzzCase } from "./fuzz_case.ts";
import { judgeResponse } from "./judge_response.ts";
import type { Operation } from "./openapi_operations.ts";

/** A request that takes longer than this is reported instead of hanging the suite. */
const ANSWER_TIMEOUT_MS = 30_000;

/** The status of a response, or why there was none. */
export type CaseStatus = number | "threw" | "no answer";

/** What a case got back, and the rule it broke, if any. */
export interface Outcome {
  status: CaseStatus;
  reason?: string;
  body: string;
  logged: string;
}

/**
 * Sends one case through `app.request` as `user` (anonymous when undefined; a case's own
 * Authorization header wins) and judges the answer. Never throws: a thrown request or one that
 * hangs is an outcome like any other.
 */
export async function sendCase(
  h: Harness,
  op: Operation,
  fuzzCase: FuzzCase,
  user: TestUser | undefined,
): Promise<Outcome> {
  const headers = { ...fuzzCase.headers };
  if (user && headers.authorization === undefined) headers.authorization = `Bearer ${user.token}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"no answer">((resolve) => {
    timer = setTimeout(() => resolve("no answer"), ANSWER_TIMEOUT_MS);
  });
  try {
    const request = (async () => {
      const response = await h.app.request(fuzzCase.url, {
        method: op.method,
        headers,
        body: fuzzCase.body,
      });
      return { response, text: await response.text() };
    })();
    const answer = await Promise.race([request, timeout]);
    if (answer === "no answer") {
      return {
        status: answer,
        reason: `no answer in ${ANSWER_TIMEOUT_MS} ms`,
        body: "",
        logged: "",
      };
    }
    const { response, text } = answer;
    const type = response.headers.get("content-type") ?? "";
    const reason = judgeResponse(op, response.status, type, text) ?? pollution();
    const logged = reason ? loggedErrors(h, response.headers.get("x-request-id")) : "";
    return { status: response.status, reason, body: text, logged };
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: "threw", reason: "app.request threw", body: text, logged: "" };
  } finally {
    clearTimeout(timer);
  }
}

/** The prototype keys cases write `fuzzPolluted`: finding it on every object is a failure. */
function pollution(): string | undefined {
  const probe = {} as Record<string, unknown>;
  if (probe.fuzzPolluted === undefined && probe.polluted === undefined) return undefined;
  const proto = Object.prototype as Record<string, unknown>;
  delete proto.fuzzPolluted;
  delete proto.polluted;
  return "Object.prototype was polluted";
}

function loggedErrors(h: Harness, requestId: string | null): string {
  if (!requestId) return "";
  // The request's lines are among the last few: the cases run one at a time.
  return h.logger.lines.slice(-100)
    .filter((line) => line.requestId === requestId && line.level === "error")
    .map((line) => {
      const stack = typeof line.stack === "string" ? line.stack.split("\n").slice(0, 4) : [];
      return [`${line.message} (${line.error ?? ""})`, ...stack].join("\n      ");
    })
    .join("\n    ");
}
