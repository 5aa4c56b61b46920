import type { NotificationCategory } from "../../../../lib/email_categories.ts";

/** What each category's emails are, in the words the pages use. */
const WHAT: Record<NotificationCategory, string> = {
  "pitch-published": "emails when your pitches go live",
  "new-follower": "emails about new followers",
  "weekly-digest": "the weekly digest of new pitches",
};

/** The pages only load their own inline style and post their form to this API. */
export const UNSUBSCRIBE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

/** The confirmation page: one button that posts to the same URL (the token is in the query). */
export function confirmationPage(category: NotificationCategory, token: string): string {
  return page(
    `Unsubscribe from ${WHAT[category]}?`,
    `<form method="post" action="?token=${encodeURIComponent(token)}">` +
      `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
      `<button type="submit">Unsubscribe</button></form>`,
  );
}

/** The page after unsubscribing. */
export function unsubscribedPage(category: NotificationCategory): string {
  return page(
    "You are unsubscribed",
    `<p>You will no longer get ${WHAT[category]} from Pitchey. ` +
      "Account, security and billing emails still reach you.</p>",
  );
}

// Only fixed text and an encoded token go in: nothing here needs escaping beyond that.
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;` +
    `margin:4rem auto;padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.6rem 1.2rem}` +
    `</style></head><body><h1>${title}</h1>${body}</body></html>`;
}
