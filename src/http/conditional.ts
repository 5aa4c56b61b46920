/**
 * Conditional request headers (RFC 9110 section 13): `If-None-Match` for cheap revalidation of
 * reads, `If-Match` for lost-update protection on writes. Both carry `*` or a list of entity tags.
 */

/** One entity tag: `opaque` keeps its double quotes, so `W/"a"` is `{ weak: true, opaque: '"a"' }`. */
export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/**
 * Parses an `If-Match` / `If-None-Match` value: `"*"` or the entity tags listed. Malformed members
 * are skipped rather than failing the request: a condition that names no valid tag simply matches
 * nothing. Commas inside quotes belong to the tag (RFC 9110 allows them there).
 */
export function parseEntityTags(value: string): "*" | EntityTag[] {
  if (value.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (value[i] === "," || value[i] === " " || value[i] === "\t")) i++;
    if (i >= value.length) break;
    const weak = value.startsWith("W/", i);
    const start = weak ? i + 2 : i;
    const end = value[start] === '"' ? value.indexOf('"', start + 1) : -1;
    const next = end === -1 ? -1 : skipSpaces(value, end + 1);
    if (end !== -1 && (next === value.length || value[next] === ",")) {
      const opaque = value.slice(start, end + 1);
      if (isOpaqueTag(opaque)) tags.push({ weak, opaque });
      i = next;
      continue;
    }
    // Not a tag: drop everything up to the next list separator.
    const comma = value.indexOf(",", i);
    i = comma === -1 ? value.length : comma + 1;
  }
  return tags;
}

/**
 * True when `If-None-Match` matches the current `etag`, so a GET answers 304. Uses the weak
 * comparison RFC 9110 requires here: `W/"x"` matches `"x"`. `*` matches any current representation.
 */
export function ifNoneMatchHit(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const condition = parseEntityTags(header);
  if (condition === "*") return true;
  const current = parseSingle(etag);
  return current !== undefined && condition.some((tag) => tag.opaque === current.opaque);
}

/**
 * True when `If-Match` holds for the current `etag`: `*`, or a listed tag equal under the strong
 * comparison (a weak tag never matches: it cannot promise byte-for-byte the same state).
 */
export function ifMatchHolds(header: string, etag: string): boolean {
  const condition = parseEntityTags(header);
  if (condition === "*") return true;
  const current = parseSingle(etag);
  if (current === undefined || current.weak) return false;
  return condition.some((tag) => !tag.weak && tag.opaque === current.opaque);
}

function parseSingle(etag: string): EntityTag | undefined {
  const parsed = parseEntityTags(etag);
  return parsed === "*" || parsed.length !== 1 ? undefined : parsed[0];
}

function skipSpaces(value: string, from: number): number {
  let i = from;
  while (i < value.length && (value[i] === " " || value[i] === "\t")) i++;
  return i;
}

/** `"` etagc* `"`, where etagc is %x21 / %x23-7E / obs-text (%x80-FF). */
function isOpaqueTag(opaque: string): boolean {
  for (let i = 1; i < opaque.length - 1; i++) {
    const code = opaque.charCodeAt(i);
    if (!(code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff))) {
      return false;
    }
  }
  return true;
}
