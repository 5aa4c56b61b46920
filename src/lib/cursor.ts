/**
 * Opaque keyset-pagination cursors: the sort key of the last item of a page, as base64url JSON.
 * Opaque so clients cannot build them and the server may change what they hold; `decodeCursor`
 * returns undefined for anything it did not make.
 */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  const json = JSON.stringify(values);
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, arity: number): Array<string | number> | undefined {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return undefined;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const values: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(values) || values.length !== arity) return undefined;
    if (!values.every((v) => typeof v === "string" || typeof v === "number")) return undefined;
    return values;
  } catch {
    return undefined;
  }
}
