/**
 * Whether `text` can be stored as sent. Postgres refuses NUL in text and jsonb ("invalid byte
 * sequence for encoding UTF8: 0x00"), which surfaced as a 500 on any field, query or path id that
 * carried one; and an unpaired UTF-16 surrogate has no UTF-8 form, so drivers silently store U+FFFD
 * instead of what the client sent.
 */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/** The detail of a field that fails `isStorableText`. */
export const UNSTORABLE_TEXT_DETAIL =
  "Expected text without NUL characters or unpaired UTF-16 surrogates";

/**
 * The paths of the strings (values and object keys) in `value` that fail `isStorableText`, at most
 * `limit` of them. Walks without recursion and builds a path only for what it finds, so no input
 * is too deep for it.
 */
export function findUnstorableText(value: unknown, limit = 20): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const pending: Array<[unknown, Step | undefined]> = [[value, undefined]];
  while (pending.length > 0 && found.length < limit) {
    const [current, at] = pending.pop()!;
    if (typeof current === "string") {
      if (!isStorableText(current)) found.push(pathOf(at));
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, { key: index, parent: at }]));
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const step = { key, parent: at };
        if (!isStorableText(key)) found.push(pathOf(step));
        pending.push([item, step]);
      }
    }
  }
  return found.slice(0, limit);
}

/** One step of a path, linked to its parent: sharing prefixes keeps deep walks linear. */
interface Step {
  key: PropertyKey;
  parent: Step | undefined;
}

function pathOf(step: Step | undefined): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at = step; at; at = at.parent) path.push(at.key);
  return path.reverse();
}
