import type { EmailMessage } from "../../ports/mailer.ts";

/** Sent when a report export has been built: the link opens it in the web app. */
export function exportReadyEmail(
  input: { to: string; name: string; link: string; rowCount: number },
): EmailMessage {
  const rows = input.rowCount === 1 ? "1 pitch" : `${input.rowCount} pitches`;
  return {
    to: input.to,
    tag: "export-ready",
    subject: "Your Pitchey report is ready",
    text: [
      `Hi ${input.name},`,
      "",
      `Your pitch performance report (${rows}) is ready to download:`,
      input.link,
      "",
      "The download needs you to be signed in.",
    ].join("\n"),
  };
}
