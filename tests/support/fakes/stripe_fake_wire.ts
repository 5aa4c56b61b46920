/** What the Stripe fake answers, and the error shapes it shares between its routes. */
export type Answer = { status: number; body: unknown };

export function stripeError(status: number, error: Record<string, unknown>): Answer {
  return { status, body: { error } };
}

export function parameterMissing(param: string): Answer {
  return stripeError(400, {
    code: "parameter_missing",
    message: `Missing required param: ${param}.`,
    param,
    type: "invalid_request_error",
  });
}

/** Stripe's "no such object": 404 on the object's own URL, 400 when a parameter names it. */
export function resourceMissing(kind: string, id: string, param: string, status = 400): Answer {
  return stripeError(status, {
    code: "resource_missing",
    doc_url: "https://stripe.com/docs/error-codes/resource-missing",
    message: `No such ${kind}: '${id}'`,
    param,
    type: "invalid_request_error",
  });
}

export function invalidRequest(message: string, param?: string): Answer {
  return stripeError(400, { message, ...(param ? { param } : {}), type: "invalid_request_error" });
}

export function randomId(length: number): string {
  return crypto.randomUUID().replaceAll("-", "").repeat(2).slice(0, length);
}
