import assert from "node:assert/strict";
import { weeklyDigestEmail } from "../../src/services/email/templates/weekly_digest.ts";

const APP = "https://app.pitchey.test";
const pitch = (n: number) => ({
  id: `pit_${n}`,
  title: `Title ${n}`,
  logline: `Logline ${n}`,
  creatorName: `Creator ${n}`,
});

Deno.test("weeklyDigestEmail", async (t) => {
  await t.step("every link in text and HTML points to the app URL", () => {
    const email = weeklyDigestEmail({
      to: "reader@example.test",
      name: "Rita",
      appUrl: APP,
      pitches: [pitch(1), pitch(2)],
      total: 2,
    });
    const textLinks: string[] = email.text.match(/https?:\/\/\S+/g) ?? [];
    const htmlLinks = [...(email.html ?? "").matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(textLinks.length >= 4, email.text);
    assert.equal(htmlLinks.length, textLinks.length, email.html ?? "");
    for (const link of [...textLinks, ...htmlLinks]) assert.ok(link.startsWith(`${APP}/`), link);
    assert.ok(textLinks.includes(`${APP}/pitches/pit_1`), email.text);
    assert.ok(textLinks.includes(`${APP}/feed`), email.text);
    assert.equal(email.tag, "weekly-digest");
    assert.equal(email.to, "reader@example.test");
    assert.equal(email.subject, "2 new pitches from creators you follow");
  });

  await t.step("a total above the listed pitches points to the feed for the rest", () => {
    const email = weeklyDigestEmail({
      to: "reader@example.test",
      name: "Rita",
      appUrl: APP,
      pitches: [pitch(1)],
      total: 13,
    });
    assert.equal(email.subject, "13 new pitches from creators you follow");
    assert.ok(email.text.includes(`And 12 more in your feed: ${APP}/feed`), email.text);
    assert.ok(email.html?.includes("And 12 more in your feed"), email.html ?? "");
  });

  await t.step("values from users are escaped in the HTML, ids in links encoded", () => {
    const email = weeklyDigestEmail({
      to: "reader@example.test",
      name: `"Rita" <img src=x>`,
      appUrl: APP,
      pitches: [{
        id: "pit_a/b",
        title: "<b>Bold</b>",
        logline: "Tom & Jerry's",
        creatorName: "O'Neil",
      }],
      total: 1,
    });
    const html = email.html ?? "";
    assert.ok(html.includes("&quot;Rita&quot; &lt;img src=x&gt;"), html);
    assert.ok(html.includes("&lt;b&gt;Bold&lt;/b&gt;"), html);
    assert.ok(html.includes("Tom &amp; Jerry&#39;s"), html);
    assert.ok(html.includes(`href="${APP}/pitches/pit_a%2Fb"`), html);
    assert.ok(!html.includes("<img"), html);
    assert.equal(email.subject, "1 new pitch from creators you follow");
  });
});
