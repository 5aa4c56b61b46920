import type { OutgoingEmail } from "../outgoing_email.ts";
import { appLink, renderEmail } from "./layout.ts";

/** Sent when a report export has been built: the link opens it in the web app. */
export function exportReadyEmail(
  input: {
    appUrl: string;
    to: string;
    name: string;
    exportId: string;
    rowCount: number;
    /** What was exported, in words; other export kinds name themselves. */
    report?: string;
    /** The subject's and button's noun ("report" unless the export is not one). */
    noun?: string;
    /** When the file stops being downloadable. */
    expiresAt?: Date;
  },
): OutgoingEmail {
  const rows = input.rowCount === 1 ? "1 pitch" : `${input.rowCount} pitches`;
  const report = input.report ?? `pitch performance report (${rows})`;
  const noun = input.noun ?? "report";
  return {
    to: input.to,
    tag: "export-ready",
    category: "transactional",
    subject: `Your Pitchey ${noun} is ready`,
    ...renderEmail({
      name: input.name,
      intro: [`Your ${report} is ready to download.`],
      action: {
        label: `Download your ${noun}`,
        url: appLink(input.appUrl, "exports", input.exportId),
      },
      outro: [
        input.expiresAt
          ? `The download needs you to be signed in, and works until ${
            input.expiresAt.toISOString().slice(0, 10)
          } (UTC).`
          : "The download needs you to be signed in.",
      ],
    }),
  };
}
