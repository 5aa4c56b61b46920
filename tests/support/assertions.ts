import assert from "node:assert/strict";

/** A parsed RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

/**
 * Asserts `response` is a problem+json with `status` whose `type` ends in `/<slug>`, carrying every
 * RFC 9457 member; returns the document. Failure messages include the body.
 */
export async function assertProblem(
  response: Response,
  status: number,
  slug: string,
): Promise<Problem> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  assert.match(
    response.headers.get("content-type") ?? "",
    /^application\/problem\+json/,
    `content type of: ${text}`,
  );
  const problem = JSON.parse(text) as Problem;
  assert.ok(problem.type.endsWith(`/problems/${slug}`), `type of: ${text}`);
  assert.equal(problem.status, status, `status member of: ${text}`);
  assert.equal(typeof problem.title, "string", `title of: ${text}`);
  assert.equal(typeof problem.detail, "string", `detail of: ${text}`);
  assert.match(problem.instance, /^urn:pitchey:request:/, `instance of: ${text}`);
  return problem;
}

/** Reads a JSON body, asserting the status first with the body in the message. */
export async function expectJson<T = Record<string, unknown>>(
  response: Response,
  status: number,
): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Asserts a 204 with the body in the message. */
export async function expectNoContent(response: Response): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, 204, `expected 204, got ${response.status}: ${text}`);
}
