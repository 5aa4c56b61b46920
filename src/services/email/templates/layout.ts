/**
 * The shared shape of every email: a greeting, paragraphs, at most one call to action, and for
 * notifications an unsubscribe footer. It renders the plain-text and the HTML part from the same
 * content, so the two never drift apart, and escapes every value placed into HTML.
 */

export interface EmailLayout {
  /** Whom to greet, as the user wrote their name. */
  name: string;
  /** Plain-text paragraphs before the action. */
  intro: string[];
  action?: { label: string; url: string };
  /** Lines of a list (a digest), each with its link. */
  items?: Array<{ title: string; detail?: string; url: string }>;
  /** Plain-text paragraphs after the action. */
  outro?: string[];
  /** Notifications only: the one-click unsubscribe link and what it stops. */
  unsubscribe?: { url: string; what: string };
}

const FONT = "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1a1a1a";

/** Renders both parts of an email from one layout. */
export function renderEmail(layout: EmailLayout): { text: string; html: string } {
  return { text: renderText(layout), html: renderHtml(layout) };
}

function renderText(layout: EmailLayout): string {
  const blocks = [`Hi ${oneLine(layout.name)},`, ...layout.intro];
  if (layout.items) {
    blocks.push(
      layout.items.map((item) =>
        [`- ${oneLine(item.title)}`, item.detail && `  ${oneLine(item.detail)}`, `  ${item.url}`]
          .filter(Boolean).join("\n")
      ).join("\n\n"),
    );
  }
  // The URL stands alone on its line so every client makes it clickable, whole.
  if (layout.action) blocks.push(`${layout.action.label}:\n${layout.action.url}`);
  blocks.push(...(layout.outro ?? []), "The Pitchey team");
  if (layout.unsubscribe) {
    blocks.push(`--\nTo stop ${layout.unsubscribe.what}, unsubscribe:\n${layout.unsubscribe.url}`);
  }
  return blocks.join("\n\n") + "\n";
}

function renderHtml(layout: EmailLayout): string {
  const p = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  const parts = [p(`Hi ${oneLine(layout.name)},`), ...layout.intro.map(p)];
  if (layout.items) {
    parts.push(
      `<ul style="padding-left:20px;margin:0 0 16px">${
        layout.items.map((item) =>
          `<li style="margin:0 0 12px"><a href="${escapeHtml(item.url)}">${
            escapeHtml(item.title)
          }</a>${item.detail ? `<br>${escapeHtml(item.detail)}` : ""}</li>`
        ).join("")
      }</ul>`,
    );
  }
  if (layout.action) {
    parts.push(
      `<p style="margin:24px 0"><a href="${escapeHtml(layout.action.url)}" ` +
        `style="background:#5b3df5;color:#ffffff;padding:12px 20px;border-radius:6px;` +
        `text-decoration:none;display:inline-block">${escapeHtml(layout.action.label)}</a></p>`,
      p(`Or paste this link into your browser: ${layout.action.url}`),
    );
  }
  parts.push(...(layout.outro ?? []).map(p), p("The Pitchey team"));
  if (layout.unsubscribe) {
    parts.push(
      `<p style="margin:32px 0 0;font-size:12px;color:#666666">To stop ${
        escapeHtml(layout.unsubscribe.what)
      }, <a href="${escapeHtml(layout.unsubscribe.url)}">unsubscribe</a>.</p>`,
    );
  }
  return `<!doctype html><html><body style="${FONT};font-size:15px;line-height:1.5;` +
    `max-width:560px;margin:0 auto;padding:24px">${parts.join("")}</body></html>`;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** Folds line breaks and runs of spaces: user text in a subject or greeting stays one line. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${url}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** `${appUrl}/${path}` with each dynamic segment encoded. */
export function appLink(appUrl: string, ...segments: string[]): string {
  return [appUrl, ...segments.map(encodeURIComponent)].join("/");
}
