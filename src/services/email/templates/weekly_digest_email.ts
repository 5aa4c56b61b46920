import type { OutgoingEmail } from "../outgoing_email.ts";
import { appLink, oneLine, renderEmail, unsubscribeHeaders } from "./layout.ts";

export interface DigestPitch {
  id: string;
  title: string;
  logline: string;
  creatorName: string;
}

/** At most this many pitches are listed; the rest are one click away in the feed. */
export const DIGEST_MAX_PITCHES = 10;

/**
 * The weekly digest of new pitches from creators the user follows (a notification). The job
 * that sends it skips users with nothing new: an empty digest is refused here.
 */
export function weeklyDigestEmail(
  input: {
    appUrl: string;
    to: string;
    userId: string;
    name: string;
    pitches: DigestPitch[];
    /** New pitches in all, when more were found than `pitches` lists. */
    total?: number;
    unsubscribeUrl: string;
  },
): OutgoingEmail {
  if (input.pitches.length === 0) {
    throw new RangeError(`Weekly digest for user "${input.userId}" has no pitches`);
  }
  const count = Math.max(input.total ?? 0, input.pitches.length);
  const shown = input.pitches.slice(0, DIGEST_MAX_PITCHES);
  const more = count - shown.length;
  return {
    to: input.to,
    userId: input.userId,
    tag: "weekly-digest",
    category: "weekly-digest",
    subject: count === 1
      ? "1 new pitch from creators you follow"
      : `${count} new pitches from creators you follow`,
    headers: unsubscribeHeaders(input.unsubscribeUrl),
    ...renderEmail({
      name: input.name,
      intro: ["This week, creators you follow published:"],
      items: shown.map((pitch) => ({
        title: `${oneLine(pitch.title)} by ${oneLine(pitch.creatorName)}`,
        detail: oneLine(pitch.logline),
        url: appLink(input.appUrl, "pitches", pitch.id),
      })),
      action: {
        label: more > 0 ? `See ${more} more in your feed` : "Open your feed",
        url: `${input.appUrl}/feed`,
      },
      unsubscribe: { url: input.unsubscribeUrl, what: "the weekly digest" },
    }),
  };
}
