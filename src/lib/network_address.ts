/**
 * The network a client address stands for, as per-address rules (view counting, search and
 * request budgets) should count it: an IPv4 address as itself, an IPv6 address as its /64 prefix
 * (`2001:db8:1:2::/64`). An IPv6 subscriber is routinely given a whole /64 and may pick any of its
 * 2^64 addresses per request, so counting single IPv6 addresses would count nothing. IPv4-mapped
 * IPv6 addresses (`::ffff:192.0.2.1`, as dual-stack sockets report IPv4 peers) are IPv4. Anything
 * unparseable is returned as given (lower-cased), so it still counts as one caller.
 */
export function networkAddress(address: string): string {
  const plain = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!plain.includes(":")) return plain;
  const groups = ipv6Groups(plain);
  if (!groups) return plain;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/;
const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address in any RFC 4291 text form, or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated groups; the last may be dotted IPv4 (two groups). Empty text: none. */
function parseGroups(text: string): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [i, part] of parts.entries()) {
    const dotted = i === parts.length - 1 ? DOTTED.exec(part) : null;
    if (dotted) {
      const bytes = dotted.slice(1).map(Number);
      if (bytes.some((b) => b > 255)) return undefined;
      groups.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
