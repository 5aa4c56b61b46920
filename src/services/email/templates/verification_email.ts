import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** A new verification link, sent on request (`POST /v1/auth/verify-email/resend`). */
export function verificationEmail(
  input: { appUrl: string; to: string; name: string; verifyToken: string },
): OutgoingEmail {
  return {
    to: input.to,
    tag: "verify-email",
    category: "security",
    subject: "Confirm your email for Pitchey",
    ...renderEmail({
      name: input.name,
      intro: ["You asked for a new link to confirm the email address of your Pitchey account."],
      action: {
        label: "Confirm your email",
        url: `${input.appUrl}/verify-email?token=${encodeURIComponent(input.verifyToken)}`,
      },
      outro: [
        "The link works once and expires in 7 days. Links sent earlier keep working until then.",
        "If you did not ask for this, ignore this email.",
      ],
    }),
  };
}
