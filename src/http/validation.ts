import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "../context.ts";
import { findUnstorableText, UNSTORABLE_TEXT_DETAIL } from "../lib/storable_text.ts";
import { issuesToPointerErrors, type PointerError, toJsonPointer } from "../lib/zod_issues.ts";

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
  return locate(issuesToPointerErrors(issues), target);
}

function locate(errors: PointerError[], target: string): FieldError[] {
  return errors.map(({ pointer, detail, path }): FieldError => {
    if (target === "json" || target === "form") return { pointer, detail };
    const location = LOCATIONS[target] ?? "query";
    return { parameter: path.map(String).join("."), in: location, detail };
  });
}

/**
 * Used as `defaultHook` of every OpenAPIHono router: validation failures throw so the single error
 * handler writes the problem document. Valid input is also checked for text the database cannot
 * store (NUL, unpaired surrogates) in any string of any part, body, query or path, so no schema
 * has to remember it and no such value reaches a query.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new RequestValidationError(toFieldErrors(result.error.issues, result.target));
  }
  const unstorable = findUnstorableText(result.data);
  if (unstorable.length > 0) {
    const errors = unstorable.map((path) => ({
      pointer: toJsonPointer(path),
      detail: UNSTORABLE_TEXT_DETAIL,
      path,
    }));
    throw new RequestValidationError(locate(errors, result.target));
  }
};
