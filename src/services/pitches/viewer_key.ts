import { sha256Hex } from "../../lib/secure_tokens.ts";

/**
 * Who counts as one viewer of a pitch (once per pitch and UTC day): a signed-in reader is their
 * user id; an anonymous reader is their network address alone (`clientAddress`: the IPv4
 * address or the IPv6 /64). Nothing a client writes (User-Agent, cookies, headers) takes part,
 * because anything a client writes it can change on every request: with the agent in the key,
 * 30 reads with 30 agents counted 30 views. The price is that anonymous readers behind one
 * address (an office, a carrier NAT) count once a day between them; signing in counts them apart.
 * Only a digest is kept, never an address in clear.
 */
export function viewerKey(viewer: { userId: string | undefined; address: string }): string {
  return viewer.userId !== undefined
    ? sha256Hex(`u:${viewer.userId}`)
    : sha256Hex(`a:${viewer.address}`);
}
