import type { EmailMessage } from "../../ports/mailer.ts";
import type { ExportKind } from "../../lib/enums.ts";

/** Sent when a report export has been built: the link opens it in the web app. */
export function exportReadyEmail(
  input: {
    to: string;
    name: string;
    kind: ExportKind;
    link: string;
    rowCount: number;
    expiresAt: Date;
  },
): EmailMessage {
  const rows = input.rowCount === 1 ? "1 pitch" : `${input.rowCount} pitches`;
  const what = input.kind === "account-data"
    ? "The copy of your account data you asked for is"
    : `Your pitch performance report (${rows}) is`;
  return {
    to: input.to,
    tag: "export-ready",
    subject: input.kind === "account-data"
      ? "Your Pitchey account data is ready"
      : "Your Pitchey report is ready",
    text: [
      `Hi ${input.name},`,
      "",
      `${what} ready to download:`,
      input.link,
      "",
      `The download needs you to be signed in, and works until ${
        input.expiresAt.toISOString().slice(0, 10)
      } (UTC).`,
    ].join("\n"),
  };
}
