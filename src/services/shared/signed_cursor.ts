import type { Ctx } from "../../context.ts";
import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { BadRequestError } from "../../ports/errors.ts";

const PURPOSE = "page-cursor";

/**
 * An opaque keyset cursor, signed with the server's key: `<values>.<signature>`. Clients can only
 * hand back what the API gave them, so no forged timestamp or number ever reaches a query.
 */
export async function signCursor(
  ctx: Pick<Ctx, "signer">,
  values: ReadonlyArray<string | number>,
): Promise<string> {
  const body = encodeCursor(values);
  return `${body}.${await ctx.signer.sign(PURPOSE, body)}`;
}

/**
 * The values of a cursor `signCursor` made, with `arity` members; a 400 problem for anything else
 * (a forgery, a cursor signed with another key, a truncated one).
 */
export async function readCursor(
  ctx: Pick<Ctx, "signer">,
  cursor: string,
  arity: number,
): Promise<Array<string | number>> {
  const dot = cursor.lastIndexOf(".");
  const body = cursor.slice(0, Math.max(0, dot));
  const values = dot > 0 && await ctx.signer.verify(PURPOSE, body, cursor.slice(dot + 1))
    ? decodeCursor(body, arity)
    : undefined;
  if (!values) throw notIssued(cursor);
  return values;
}

/** The 400 for a cursor this API did not issue (or that no longer fits its query). */
export function notIssued(cursor: string): BadRequestError {
  const shown = cursor.length > 40 ? `${cursor.slice(0, 40)}...` : cursor;
  return new BadRequestError(`Cursor "${shown}" is not one this API issued`);
}

/**
 * Whole microseconds since the epoch, as Postgres stores timestamps: at most 16 digits (until the
 * year 2286), so the value always fits the bigint the query casts it to.
 */
export function isMicros(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,16}$/.test(value);
}
