import type { z } from "zod";

/** A field error located by an RFC 6901 JSON pointer ("" is the whole document). */
export interface PointerError {
  pointer: string;
  detail: string;
  /** The same location as path segments, for callers that name parameters instead. */
  path: readonly PropertyKey[];
}

/**
 * Turns zod issues into one error per offending field. zod reports every unknown key in a single
 * issue at the parent object; clients want one entry per key, each saying "Unknown field".
 */
export function issuesToPointerErrors(issues: readonly z.core.$ZodIssue[]): PointerError[] {
  // A value of the wrong type gets one error, its type: zod still runs length checks on any value
  // with a length, so a string where a bounded list belongs would also be "too long".
  const mistyped = new Set(
    issues.filter((issue) => issue.code === "invalid_type").map((issue) =>
      toJsonPointer(issue.path)
    ),
  );
  const kept = issues.filter((issue) =>
    issue.code === "invalid_type" || !mistyped.has(toJsonPointer(issue.path))
  );
  return kept.flatMap((issue) => {
    const paths = issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => [...issue.path, key])
      : [issue.path];
    const detail = describeIssue(issue);
    return paths.map((path) => ({ pointer: toJsonPointer(path), detail, path }));
  });
}

export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => "/" + String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return "Unknown field";
  return issue.message;
}
