import type { EmailMessage } from "../../ports/mailer.ts";

/** The welcome email, carrying the verification link (valid 7 days, single use). */
export function welcomeEmail(input: { to: string; name: string; link: string }): EmailMessage {
  return {
    to: input.to,
    tag: "welcome",
    subject: "Welcome to Pitchey: confirm your email",
    text: [
      `Hi ${input.name},`,
      "",
      "Welcome to Pitchey. Confirm your email address to finish setting up your account:",
      input.link,
      "",
      "The link works once and expires in 7 days. If you did not sign up, ignore this email.",
    ].join("\n"),
  };
}

/** The password reset email (link valid 1 hour, single use). */
export function passwordResetEmail(
  input: { to: string; name: string; link: string },
): EmailMessage {
  return {
    to: input.to,
    tag: "password-reset",
    subject: "Reset your Pitchey password",
    text: [
      `Hi ${input.name},`,
      "",
      "Someone asked to reset the password of your Pitchey account. To choose a new one, open:",
      input.link,
      "",
      "The link works once and expires in 1 hour. Resetting signs you out everywhere.",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}
