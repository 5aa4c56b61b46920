import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { stableJson } from "../../lib/stable_json.ts";
import { BadRequestError } from "../../ports/errors.ts";

/** The key of a page's last item: its sort value (text, exact) and id. */
export interface PageKey {
  value: string;
  id: string;
}

/** How a sort value is written in a cursor and read back. */
export type KeyKind = "micros" | "number";

const KEY_PATTERNS: Record<KeyKind, RegExp> = {
  micros: /^-?\d{1,19}$/,
  // Postgres' shortest round-trip float text: `1.5`, `-3e-05`, `12345.678`.
  number: /^-?\d+(\.\d+)?(e[+-]?\d+)?$/,
};

// Binds a cursor to the sort and filters it was issued for; `limit` may change between pages.
function fingerprint(scope: string, filters: object): string {
  return sha256Hex(`${scope}\n${stableJson(filters)}`).slice(0, 16);
}

/** An opaque cursor after `key`, valid only for the same `scope` (sort) and `filters`. */
export function encodePageCursor(scope: string, filters: object, key: PageKey): string {
  return encodeCursor([scope, fingerprint(scope, filters), key.value, key.id]);
}

/**
 * Reads a cursor made by `encodePageCursor` for the same scope and filters; anything else, a
 * forgery or a cursor of another sort or search, is a 400.
 */
export function decodePageCursor(
  cursor: string,
  scope: string,
  filters: object,
  kind: KeyKind,
): PageKey {
  const [issuedFor, print, value, id] = decodeCursor(cursor, 4) ?? [];
  if (
    typeof issuedFor !== "string" || typeof print !== "string" || typeof value !== "string" ||
    typeof id !== "string" || !KEY_PATTERNS[kind].test(value) || id.length > 64
  ) {
    throw new BadRequestError(`Cursor "${cursor}" is not one this API issued`);
  }
  if (issuedFor !== scope || print !== fingerprint(scope, filters)) {
    throw new BadRequestError(
      `Cursor "${cursor}" belongs to another sort or query: repeat the query it came from`,
    );
  }
  return { value, id };
}
