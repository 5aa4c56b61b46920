import type { OutgoingEmail } from "../outgoing_email.ts";
import { appLink, oneLine, renderEmail, unsubscribeHeaders } from "./layout.ts";

/** Tells a user someone started following them (a notification). */
export function newFollowerEmail(
  input: {
    appUrl: string;
    to: string;
    userId: string;
    name: string;
    follower: { id: string; name: string };
    unsubscribeUrl: string;
  },
): OutgoingEmail {
  const follower = oneLine(input.follower.name);
  return {
    to: input.to,
    userId: input.userId,
    tag: "new-follower",
    category: "new-follower",
    subject: `${follower} started following you on Pitchey`,
    headers: unsubscribeHeaders(input.unsubscribeUrl),
    ...renderEmail({
      name: input.name,
      intro: [`${follower} now follows you and will see the pitches you publish in their feed.`],
      action: {
        label: `See ${follower}'s profile`,
        url: appLink(input.appUrl, "users", input.follower.id),
      },
      unsubscribe: { url: input.unsubscribeUrl, what: "emails about new followers" },
    }),
  };
}
