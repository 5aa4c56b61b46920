import type { Operation } from "./openapi_operations.ts";

const PROBLEM_JSON = /^application\/problem\+json\b/;

/**
 * Why a response breaks the suite's rules, or `undefined` when it keeps them: no 5xx except a 503
 * the route itself declares, and every error is `application/problem+json` whose `status` member
 * matches (unless the operation documents another media type for that status, as readiness does).
 */
export function judgeResponse(
  op: Operation,
  status: number,
  contentType: string,
  text: string,
): string | undefined {
  if (status >= 500 && !(status === 503 && op.declaredStatuses.includes("503"))) {
    return `server error ${status}`;
  }
  if (status < 400) return undefined;
  const documented = op.responseTypes[String(status)] ?? [];
  if (documented.length > 0 && !documented.some((type) => PROBLEM_JSON.test(type))) {
    return documented.some((type) => contentType.startsWith(type))
      ? undefined
      : `error ${status} is "${contentType}", documented as ${documented.join(", ")}`;
  }
  if (!PROBLEM_JSON.test(contentType)) {
    return `error ${status} is "${contentType}", not application/problem+json`;
  }
  try {
    const problem = JSON.parse(text) as { status?: unknown };
    if (problem.status !== status) return `problem status ${problem.status} on a ${status}`;
  } catch {
    return "problem+json body is not JSON";
  }
  return undefined;
}
