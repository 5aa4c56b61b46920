import { createDigestMemo } from "./digest_memo.ts";

/**
 * Who counts as one viewer of a pitch (once per pitch and UTC day), as stored in `pitch_views`: a
 * signed-in reader is their user id; an anonymous reader is their network address alone (the IPv4
 * address or the IPv6 /64). Nothing a client writes (User-Agent, cookies, headers) takes part,
 * because a client can change it on every request: with the agent in the key, 30 reads with 30
 * agents counted 30 views. The price is that anonymous readers behind one address (an office, a
 * carrier NAT) count once a day between them; signing in counts them apart. Only a digest is
 * kept, never an id or address in clear. One definition, because the account-data export finds a
 * user's own views by recomputing it.
 */
export function viewerDigest(viewer: { userId: string } | { address: string }): string {
  // A reader reads many pitches: hashed once per reader, not once per read.
  return digestOf("userId" in viewer ? `u:${viewer.userId}` : `a:${viewer.address}`);
}

const digestOf = createDigestMemo();
