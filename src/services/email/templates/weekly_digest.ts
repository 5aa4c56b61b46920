import type { EmailMessage } from "../../../ports/mailer.ts";

/** A pitch as the digest lists it. */
export interface DigestPitch {
  id: string;
  title: string;
  logline: string;
  creatorName: string;
}

/**
 * The weekly digest: new pitches from the creators a user follows, each linking to the pitch in
 * the web app (`appUrl`), then the feed and the email settings. `total` may exceed the pitches
 * listed; the rest are one click away in the feed. Text and HTML carry the same content; every
 * value from users is escaped in the HTML.
 */
export function weeklyDigestEmail(
  input: { to: string; name: string; appUrl: string; pitches: DigestPitch[]; total: number },
): EmailMessage {
  const { appUrl, pitches, total } = input;
  const pitchUrl = (id: string) => `${appUrl}/pitches/${encodeURIComponent(id)}`;
  const feedUrl = `${appUrl}/feed`;
  const settingsUrl = `${appUrl}/settings/notifications`;
  const count = total === 1 ? "1 new pitch" : `${total} new pitches`;
  const more = total - pitches.length;
  const text = [
    `Hi ${input.name},`,
    "",
    `This week the creators you follow published ${count}:`,
    ...pitches.flatMap((p) => [
      "",
      `${p.title}, by ${p.creatorName}`,
      p.logline,
      pitchUrl(p.id),
    ]),
    "",
    more > 0 ? `And ${more} more in your feed: ${feedUrl}` : `Your feed: ${feedUrl}`,
    "",
    `You get this digest because you follow creators on Pitchey. Email settings: ${settingsUrl}`,
  ].join("\n");
  const items = pitches.map((p) =>
    `<li><p><a href="${escapeHtml(pitchUrl(p.id))}"><strong>${escapeHtml(p.title)}</strong></a>` +
    ` by ${escapeHtml(p.creatorName)}</p><p>${escapeHtml(p.logline)}</p></li>`
  ).join("");
  const html = [
    `<p>Hi ${escapeHtml(input.name)},</p>`,
    `<p>This week the creators you follow published ${count}:</p>`,
    `<ul>${items}</ul>`,
    more > 0
      ? `<p><a href="${escapeHtml(feedUrl)}">And ${more} more in your feed</a></p>`
      : `<p><a href="${escapeHtml(feedUrl)}">Open your feed</a></p>`,
    `<p>You get this digest because you follow creators on Pitchey. ` +
    `<a href="${escapeHtml(settingsUrl)}">Email settings</a></p>`,
  ].join("\n");
  return {
    to: input.to,
    tag: "weekly-digest",
    subject: `${count} from creators you follow`,
    text,
    html,
  };
}

function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
