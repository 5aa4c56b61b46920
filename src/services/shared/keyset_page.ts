import type { Ctx } from "../../context.ts";
import { isMicros, notIssued, readCursor } from "./signed_cursor.ts";

/** One page of a keyset-paginated list; `nextCursor` is null on the last page. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Shapes the `limit + 1` rows a keyset query fetched into a page: the extra row only tells that
 * another page follows, and the cursor is made from the last row shown. `cursorAfter` may return
 * null for a row that cannot carry a cursor.
 */
export async function keysetPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorAfter: (last: Row) => Promise<string | null> | string | null,
): Promise<KeysetPage<Item>> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toItem(row)),
    nextCursor: rows.length > limit && last !== undefined ? await cursorAfter(last) : null,
  };
}

/**
 * Reads a cursor made by `signCursor(ctx, [micros, id])`: a timestamp in whole microseconds (as
 * Postgres stores it) and the id that breaks ties. Anything else is a 400.
 */
export async function readMicrosCursor(
  ctx: Pick<Ctx, "signer">,
  cursor: string,
): Promise<[micros: string, id: string]> {
  const [micros, id] = await readCursor(ctx, cursor, 2);
  if (!isMicros(micros) || typeof id !== "string" || id.length > 64) throw notIssued(cursor);
  return [micros, id];
}
