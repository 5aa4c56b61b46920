import { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;

/**
 * Validation messages that say what was expected and what came instead. zod's own issues do not
 * carry the offending input, so without this a value of the wrong type and a missing one read the
 * same ("Required"). Installed once by `createApp`; other issues keep zod's wording.
 */
export function describeZodIssue(issue: RawIssue): string | undefined {
  const missing = issue.input === undefined;
  if (issue.code === "invalid_type") {
    if (missing) return "Required";
    return `Expected ${withArticle(String(issue.expected))}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === "invalid_value" && missing) return "Required";
  return undefined;
}

export function installZodMessages(): void {
  z.config({ customError: describeZodIssue });
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isNaN(value)) return "a value that is not a number";
  return withArticle(typeof value);
}
