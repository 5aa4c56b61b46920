import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** The password reset email (link valid 1 hour, single use). */
export function passwordResetEmail(
  input: { appUrl: string; to: string; name: string; resetToken: string },
): OutgoingEmail {
  return {
    to: input.to,
    tag: "password-reset",
    category: "security",
    subject: "Reset your Pitchey password",
    ...renderEmail({
      name: input.name,
      intro: ["Someone asked to reset the password of your Pitchey account."],
      action: {
        label: "Choose a new password",
        url: `${input.appUrl}/reset-password?token=${encodeURIComponent(input.resetToken)}`,
      },
      outro: [
        "The link works once and expires in 1 hour. Resetting signs you out everywhere.",
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ],
    }),
  };
}
