import type { Ctx } from "../../context.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { stableJson } from "../../lib/stable_json.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { isMicros, notIssued, readCursor, signCursor } from "../shared/signed_cursor.ts";

/** The key of a page's last item: its sort value (text, exact) and id. */
export interface PageKey {
  value: string;
  id: string;
}

/** How a sort value is written in a cursor and read back. */
export type KeyKind = "micros" | "number";

const KEY_CHECKS: Record<KeyKind, (value: string) => boolean> = {
  micros: isMicros,
  // Postgres' shortest round-trip float text (`1.5`, `-3e-05`), within float8's finite range.
  number: (value) =>
    /^-?\d+(\.\d+)?(e[+-]?\d{1,3})?$/.test(value) && Number.isFinite(Number(value)) &&
    Math.abs(Number(value)) < 1e300,
};

// Binds a cursor to the sort and filters it was issued for; `limit` may change between pages.
function fingerprint(scope: string, filters: object): string {
  return sha256Hex(`${scope}\n${stableJson(filters)}`).slice(0, 16);
}

/** A signed cursor after `key`, valid only for the same `scope` (sort) and `filters`. */
export async function encodePageCursor(
  ctx: Pick<Ctx, "signer">,
  scope: string,
  filters: object,
  key: PageKey,
): Promise<string> {
  return await signCursor(ctx, [scope, fingerprint(scope, filters), key.value, key.id]);
}

/**
 * Reads a cursor made by `encodePageCursor` for the same scope and filters; anything else, a
 * forgery or a cursor of another sort or search, is a 400.
 */
export async function decodePageCursor(
  ctx: Pick<Ctx, "signer">,
  cursor: string,
  query: { scope: string; filters: object; kind: KeyKind },
): Promise<PageKey> {
  const [issuedFor, print, value, id] = await readCursor(ctx, cursor, 4);
  if (
    typeof issuedFor !== "string" || typeof print !== "string" || typeof value !== "string" ||
    typeof id !== "string" || !KEY_CHECKS[query.kind](value) || id.length > 64
  ) {
    throw notIssued(cursor);
  }
  if (issuedFor !== query.scope || print !== fingerprint(query.scope, query.filters)) {
    throw new BadRequestError(
      `Cursor "${
        cursor.slice(0, 40)
      }" belongs to another sort or query: repeat the query it came from`,
    );
  }
  return { value, id };
}
