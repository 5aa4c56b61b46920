import assert from "node:assert/strict";
import { isNotification } from "../../src/lib/email_categories.ts";
import type { OutgoingEmail } from "../../src/services/email/outgoing_email.ts";
import { escapeHtml } from "../../src/services/email/templates/layout.ts";
import { exportReadyEmail } from "../../src/services/email/templates/export_ready_email.ts";
import { newFollowerEmail } from "../../src/services/email/templates/new_follower_email.ts";
import { passwordResetEmail } from "../../src/services/email/templates/password_reset_email.ts";
import { paymentFailedEmail } from "../../src/services/email/templates/payment_failed_email.ts";
import { pitchPublishedEmail } from "../../src/services/email/templates/pitch_published_email.ts";
import { planChangedEmail } from "../../src/services/email/templates/plan_changed_email.ts";
import { formatMoney, receiptEmail } from "../../src/services/email/templates/receipt_email.ts";
import { verificationEmail } from "../../src/services/email/templates/verification_email.ts";
import { weeklyDigestEmail } from "../../src/services/email/templates/weekly_digest_email.ts";
import { welcomeEmail } from "../../src/services/email/templates/welcome_email.ts";

const APP_URL = "https://app.pitchey.test";
const API_URL = "https://api.pitchey.test";
const UNSUBSCRIBE = `${API_URL}/v1/email/unsubscribe?token=usr_1.new-follower.sig`;
/** A name that breaks HTML unless escaped, with a line break that must not reach a subject. */
const HOSTILE = `Eve <script>alert("x")</script> & 'Co'\nBcc: victim@example.com`;
const to = "reader@example.test";

/** Every template, rendered with hostile user text wherever a template takes user text. */
const TEMPLATES: Record<string, () => OutgoingEmail> = {
  welcome: () => welcomeEmail({ appUrl: APP_URL, to, name: HOSTILE, verifyToken: "ot_a+b/c" }),
  verification: () =>
    verificationEmail({ appUrl: APP_URL, to, name: HOSTILE, verifyToken: "ot_v" }),
  passwordReset: () =>
    passwordResetEmail({ appUrl: APP_URL, to, name: HOSTILE, resetToken: "ot_r" }),
  pitchPublished: () =>
    pitchPublishedEmail({
      appUrl: APP_URL,
      to,
      userId: "usr_1",
      name: HOSTILE,
      pitch: { id: "pit_1", title: HOSTILE },
      unsubscribeUrl: UNSUBSCRIBE,
    }),
  newFollower: () =>
    newFollowerEmail({
      appUrl: APP_URL,
      to,
      userId: "usr_1",
      name: HOSTILE,
      follower: { id: "usr_2", name: HOSTILE },
      unsubscribeUrl: UNSUBSCRIBE,
    }),
  weeklyDigest: () =>
    weeklyDigestEmail({
      appUrl: APP_URL,
      to,
      userId: "usr_1",
      name: HOSTILE,
      pitches: Array.from({ length: 12 }, (_, i) => ({
        id: `pit_${i}`,
        title: `${HOSTILE} ${i}`,
        logline: HOSTILE,
        creatorName: HOSTILE,
      })),
      unsubscribeUrl: UNSUBSCRIBE,
    }),
  paymentFailed: () =>
    paymentFailedEmail({
      appUrl: APP_URL,
      to,
      name: HOSTILE,
      graceUntil: new Date("2026-12-09T00:00:00Z"),
    }),
  planChanged: () =>
    planChangedEmail({ appUrl: APP_URL, to, name: HOSTILE, fromPlan: "Free", toPlan: "Pro" }),
  receipt: () =>
    receiptEmail({
      appUrl: APP_URL,
      to,
      name: HOSTILE,
      amountPaid: 1900,
      currency: "usd",
      invoiceNumber: "INV-0001",
      paidAt: new Date("2026-12-02T10:00:00Z"),
      planName: "Pro",
    }),
  exportReady: () =>
    exportReadyEmail({ appUrl: APP_URL, to, name: HOSTILE, exportId: "exp_1", rowCount: 3 }),
};

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
const HREF = /href="([^"]*)"/g;

Deno.test("every email template", async (t) => {
  for (const [name, render] of Object.entries(TEMPLATES)) {
    const email = render();
    const links = [
      ...(email.text.match(URL_IN_TEXT) ?? []),
      ...[...email.html.matchAll(HREF)].map((m) => m[1]!.replaceAll("&amp;", "&")),
    ];

    await t.step(`${name}: every link points to APP_URL (the unsubscribe link to the API)`, () => {
      assert.ok(links.length > 0, `${name} has no link: ${email.text}`);
      for (const link of links) {
        const ok = link.startsWith(`${APP_URL}/`) || link === UNSUBSCRIBE;
        assert.ok(ok, `${name}: "${link}" points elsewhere`);
      }
      const textLinks: string[] = email.text.match(URL_IN_TEXT) ?? [];
      const htmlLinks = [...email.html.matchAll(HREF)].map((m) => m[1]!.replaceAll("&amp;", "&"));
      for (const link of htmlLinks) {
        assert.ok(textLinks.includes(link), `${name}: "${link}" is in the HTML only`);
      }
    });

    await t.step(`${name}: HTML escapes user text; text and subject stay plain`, () => {
      assert.ok(!email.html.includes("<script>"), `${name} HTML: ${email.html}`);
      assert.ok(!email.html.includes(`"x"`), `${name} HTML has a raw quote`);
      assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(email.html), `${name}: a raw & in the HTML`);
      if (email.text.includes("Eve")) {
        assert.ok(email.text.includes("Eve <script>"), `${name} text was escaped: ${email.text}`);
      }
      assert.ok(!/[\r\n]/.test(email.subject), `${name} subject has a line break`);
      assert.ok(!email.text.includes("\nBcc:"), `${name}: user text broke a line`);
      assert.match(email.html, /^<!doctype html>/);
    });

    await t.step(`${name}: notifications carry RFC 8058 headers, the rest none`, () => {
      if (isNotification(email.category)) {
        assert.equal(email.userId, "usr_1");
        assert.deepEqual(email.headers, {
          "List-Unsubscribe": `<${UNSUBSCRIBE}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        });
        assert.ok(email.text.includes(UNSUBSCRIBE), email.text);
      } else {
        assert.equal(email.headers, undefined);
        assert.ok(!email.text.includes("unsubscribe"), `${name} offers to unsubscribe`);
      }
    });
  }
});

Deno.test("one-time tokens in links are URL-encoded", () => {
  const email = TEMPLATES.welcome!();
  assert.ok(email.text.includes(`${APP_URL}/verify-email?token=ot_a%2Bb%2Fc`), email.text);
});

Deno.test("weeklyDigestEmail lists at most 10 pitches and refuses an empty digest", () => {
  const email = TEMPLATES.weeklyDigest!();
  assert.equal(email.subject, "12 new pitches from creators you follow");
  assert.ok(email.text.includes(`${APP_URL}/pitches/pit_9`));
  assert.ok(!email.text.includes(`${APP_URL}/pitches/pit_10`), "the 11th pitch is listed");
  assert.ok(email.text.includes("See 2 more in your feed"), email.text);
  assert.throws(
    () =>
      weeklyDigestEmail({
        appUrl: APP_URL,
        to,
        userId: "usr_1",
        name: "A",
        pitches: [],
        unsubscribeUrl: UNSUBSCRIBE,
      }),
    RangeError,
  );
});

Deno.test("receipts format amounts in the currency's own unit", () => {
  assert.equal(formatMoney(1900, "usd"), "$19.00");
  assert.equal(formatMoney(500, "jpy"), "¥500");
  assert.equal(formatMoney(1234, "eur"), "€12.34");
  assert.match(TEMPLATES.receipt!().subject, /\$19\.00/);
});

Deno.test("escapeHtml escapes the five HTML-special characters", () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
});

Deno.test("the export-ready email names what was exported", () => {
  const base = { appUrl: APP_URL, to: "a@example.com", name: "Ada", exportId: "exp_1" };
  const report = exportReadyEmail({ ...base, rowCount: 2 });
  assert.equal(report.subject, "Your Pitchey report is ready");
  const account = exportReadyEmail({
    ...base,
    rowCount: 1,
    report: "account data export",
    noun: "account data export",
  });
  assert.equal(account.subject, "Your Pitchey account data export is ready");
  assert.match(account.text, /Download your account data export/);
  assert.doesNotMatch(account.text, /report/);
});
