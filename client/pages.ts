import type { Operation, PathsWith, Success } from "./operation_types.ts";

/** The shape every keyset-paginated list answers with: `nextCursor` is `null` on the last page. */
export interface Page {
  nextCursor: string | null;
}

type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type PageOf<P extends PathsWith<"get">> = Extract<Success<Operation<"get", P>>, { status: 200 }>;

/** GET paths that take a `cursor` and answer 200 with a `nextCursor`: the paginated lists. */
export type PagedPath = {
  [P in PathsWith<"get">]: "cursor" extends keyof QueryOf<Operation<"get", P>>
    ? PageOf<P>["data"] extends Page ? P : never
    : never;
}[PathsWith<"get">];

/**
 * Fetches pages one at a time, as the consumer asks: the first with `query` as given, then each
 * with the previous page's `nextCursor` as `cursor`, until a page has none.
 */
export async function* pagesOf(
  fetchPage: (query: Record<string, unknown>) => Promise<{ data: unknown }>,
  query: Record<string, unknown> = {},
): AsyncGenerator<Page> {
  let cursor = query.cursor;
  while (true) {
    const { data } = await fetchPage({ ...query, cursor });
    if (!isPage(data)) throw new TypeError("The list answered without a `nextCursor`");
    yield data;
    if (data.nextCursor === null) return;
    // An API that handed back the cursor it was given would otherwise be paged forever.
    if (data.nextCursor === cursor) throw new TypeError(`Cursor "${cursor}" repeated`);
    cursor = data.nextCursor;
  }
}

function isPage(data: unknown): data is Page {
  if (typeof data !== "object" || data === null || !("nextCursor" in data)) return false;
  return data.nextCursor === null || typeof data.nextCursor === "string";
}
