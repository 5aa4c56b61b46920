/**
 * Address parsing for per-client limits. Pure: no runtime APIs, so every entry (Deno, Node,
 * Workers) and the config parser share it.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/**
 * The key a client is limited under: an IPv4 address as written, an IPv4-mapped IPv6 address as
 * its IPv4 address, any other IPv6 address as its /64 prefix (`2001:db8:1:2::/64`), since one
 * subscriber usually holds a whole /64 and would otherwise get 2^64 budgets. Undefined when
 * `raw` is not an address (a port, brackets or a zone id are tolerated and dropped).
 */
export function addressKey(raw: string): string | undefined {
  const text = stripDecorations(raw.trim());
  if (IPV4.test(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  // ::ffff:a.b.c.d (IPv4-mapped): the same client as a.b.c.d on a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** `[v6]:port`, `[v6]`, `v4:port` and `v6%zone` to the bare address. */
function stripDecorations(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1]!.replace(/%.*$/, "");
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  if (v4WithPort) return v4WithPort[1]!;
  return text.replace(/%.*$/, "");
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted tail), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  const lower = text.toLowerCase();
  if (!lower.includes(":") || lower.split("::").length > 2) return undefined;
  let tail: number[] = [];
  let body = lower;
  const dotted = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) {
    if (!IPV4.test(dotted[1]!)) return undefined;
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    // Keep a "::" that ends right before the dotted part; drop a single separating colon.
    const prefix = lower.slice(0, dotted.index + 1);
    body = prefix.endsWith("::") ? prefix : prefix.slice(0, -1);
  }
  const parse = (part: string) =>
    part === "" ? [] : part.split(":").map((g) => (HEX_GROUP.test(g) ? parseInt(g, 16) : NaN));
  const want = 8 - tail.length;
  let groups: number[];
  if (body.includes("::")) {
    const [left, right] = body.split("::") as [string, string];
    const l = parse(left);
    const r = parse(right);
    if (l.length + r.length >= want) return undefined;
    groups = [...l, ...new Array(want - l.length - r.length).fill(0), ...r];
  } else {
    groups = parse(body);
    if (groups.length !== want) return undefined;
  }
  if (groups.some(Number.isNaN)) return undefined;
  return [...groups, ...tail];
}
