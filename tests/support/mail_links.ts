import assert from "node:assert/strict";
import { type Harness, TEST_ORIGIN } from "./harness.ts";

/** Lets queued jobs run, then returns the token of the newest `tag` email sent to `to`. */
export async function linkToken(
  h: Harness,
  to: string,
  tag: string,
  page: string,
): Promise<string> {
  await h.deps.background.drain();
  const message = h.mailer.outbox.findLast((m) => m.to === to && m.tag === tag);
  assert.ok(message, `no "${tag}" email to ${to}: ${JSON.stringify(h.mailer.outbox)}`);
  const match = new RegExp(`${TEST_ORIGIN}/${page}\\?token=(\\S+)`).exec(message.text);
  assert.ok(match, `no /${page} link in: ${message.text}`);
  return decodeURIComponent(match[1]!);
}
