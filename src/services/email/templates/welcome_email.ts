import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** The welcome email, carrying the verification link (valid 7 days, single use). */
export function welcomeEmail(
  input: { appUrl: string; to: string; name: string; verifyToken: string },
): OutgoingEmail {
  return {
    to: input.to,
    tag: "welcome",
    category: "security",
    subject: "Welcome to Pitchey: confirm your email",
    ...renderEmail({
      name: input.name,
      intro: ["Welcome to Pitchey. Confirm your email address to finish setting up your account."],
      action: {
        label: "Confirm your email",
        url: `${input.appUrl}/verify-email?token=${encodeURIComponent(input.verifyToken)}`,
      },
      outro: [
        "The link works once and expires in 7 days. If you did not sign up, ignore this email.",
      ],
    }),
  };
}
