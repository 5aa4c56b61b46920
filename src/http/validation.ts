import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "../context.ts";
import { issuesToPointerErrors } from "../lib/zod_issues.ts";

/** One field error in a 422 problem: a JSON pointer into the body, or a named parameter. */
export type FieldError =
  | { pointer: string; detail: string }
  | { parameter: string; in: "query" | "path" | "header" | "cookie"; detail: string };

/** Thrown by the validation hook; the error handler renders it as a 422 problem. */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Request has ${errors.length} invalid field${errors.length === 1 ? "" : "s"}`);
    this.name = "RequestValidationError";
  }
}

const LOCATIONS: Record<string, "query" | "path" | "header" | "cookie"> = {
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/** Turns zod issues into field errors; `target` is where the validated value came from. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], target: string): FieldError[] {
  return issuesToPointerErrors(issues).map(({ pointer, detail, path }): FieldError => {
    if (target === "json" || target === "form") return { pointer, detail };
    const location = LOCATIONS[target] ?? "query";
    return { parameter: path.map(String).join("."), in: location, detail };
  });
}

/**
 * Used as `defaultHook` of every OpenAPIHono router: validation failures throw so the single error
 * handler writes the problem document.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new RequestValidationError(toFieldErrors(result.error.issues, result.target));
  }
};
