/** Deeper values are refused rather than walked, so a hostile body cannot exhaust the stack. */
export const CANONICAL_JSON_MAX_DEPTH = 64;

/**
 * A canonical serialisation of a parsed JSON value: object keys sorted at every depth, arrays in
 * order, no whitespace. Two bodies that parse to the same value give the same string, whatever
 * their key order or spacing, so a client that re-serialises its request still matches it.
 * Throws a RangeError for values nested deeper than `CANONICAL_JSON_MAX_DEPTH`.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > CANONICAL_JSON_MAX_DEPTH) {
    throw new RangeError(`Cannot canonicalise JSON nested deeper than ${CANONICAL_JSON_MAX_DEPTH}`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item, depth + 1)).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record).sort().map((key) =>
      `${JSON.stringify(key)}:${canonicalJson(record[key], depth + 1)}`
    );
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}
