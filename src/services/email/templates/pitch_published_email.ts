import type { OutgoingEmail } from "../outgoing_email.ts";
import { appLink, oneLine, renderEmail, unsubscribeHeaders } from "./layout.ts";

/**
 * Tells the owner their pitch is live. A notification, not transactional mail: the owner saw the
 * publish succeed already, so the email is a convenience they may turn off.
 */
export function pitchPublishedEmail(
  input: {
    appUrl: string;
    to: string;
    userId: string;
    name: string;
    pitch: { id: string; title: string };
    unsubscribeUrl: string;
  },
): OutgoingEmail {
  const title = oneLine(input.pitch.title);
  return {
    to: input.to,
    userId: input.userId,
    tag: "pitch-published",
    category: "pitch-published",
    subject: `Your pitch "${title}" is live on Pitchey`,
    headers: unsubscribeHeaders(input.unsubscribeUrl),
    ...renderEmail({
      name: input.name,
      intro: [
        `"${title}" is published: investors and producers can now find it, save it and follow you.`,
      ],
      action: { label: "See your pitch", url: appLink(input.appUrl, "pitches", input.pitch.id) },
      unsubscribe: { url: input.unsubscribeUrl, what: "emails when your pitches go live" },
    }),
  };
}
