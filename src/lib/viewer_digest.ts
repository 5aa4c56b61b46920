import { sha256Hex } from "./secure_tokens.ts";

/**
 * Who counts as one viewer of a pitch, as stored in `pitch_views`: a digest, never the user id or
 * address in clear. One definition, because the account-data export finds a user's own views by
 * recomputing it.
 */
export function viewerDigest(
  viewer: { userId: string } | { ip: string; userAgent: string },
): string {
  return "userId" in viewer
    ? sha256Hex(`u:${viewer.userId}`)
    : sha256Hex(`a:${viewer.ip}:${viewer.userAgent}`);
}
