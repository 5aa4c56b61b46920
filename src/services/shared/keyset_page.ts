import { decodeCursor } from "../../lib/cursor.ts";
import { BadRequestError } from "../../ports/errors.ts";

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
export function keysetPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorAfter: (last: Row) => string | null,
): KeysetPage<Item> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toItem(row)),
    nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null,
  };
}

/**
 * Reads a cursor made by `encodeCursor([micros, id])`: a timestamp in whole microseconds (as
 * Postgres stores it) and the id that breaks ties. Anything else is a 400.
 */
export function decodeMicrosCursor(cursor: string): [micros: string, id: string] {
  const [micros, id] = decodeCursor(cursor, 2) ?? [];
  if (typeof micros !== "string" || !/^\d{1,19}$/.test(micros) || typeof id !== "string") {
    throw new BadRequestError(`Cursor "${cursor}" is not one this API issued`);
  }
  return [micros, id];
}
