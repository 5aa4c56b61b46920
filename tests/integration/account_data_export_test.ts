import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { billingCustomers } from "../../src/db/tables/billing.ts";
import { weeklyDigests } from "../../src/db/tables/digests.ts";
import { emailDailyCounts, emailOptOuts } from "../../src/db/tables/email.ts";
import { apiKeys, oneTimeTokens, sessions } from "../../src/db/tables/credentials.ts";
import { reportExports } from "../../src/db/tables/exports.ts";
import { users } from "../../src/db/tables/users.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { bearer, fromIp, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { buildExport, requestExportHeld } from "../support/exports.ts";
import { createHarness, TEST_ORIGIN } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

type Doc = Record<string, unknown> & { [list: string]: unknown };
type Item = Record<string, unknown>;

const SECTIONS = [
  "kind",
  "exportId",
  "generatedAt",
  "account",
  "sessions",
  "apiKeys",
  "emailLinks",
  "billing",
  "pitches",
  "saves",
  "following",
  "followers",
  "pitchViews",
  "usageCounters",
  "usageLedger",
  "exports",
  "emailOptOuts",
  "emailDailyCounts",
  "weeklyDigests",
];

Deno.test("account-data exports", async (t) => {
  const h = await createHarness();
  const db = h.deps.database.db;
  try {
    // A creator with something in every table: sessions, keys, email links, pitches in every
    // state, a save, a view, follows both ways, a subscription and a billing customer.
    const me = await signUpUser(h, { verified: true });
    const other = await signUpUser(h);
    const fan = await signUpUser(h);
    const login = await expectJson<{ session: { token: string } }>(
      await h.app.request("/v1/auth/login", {
        ...jsonRequest("POST", { email: me.email, password: me.password }),
        headers: { "content-type": "application/json", "user-agent": "ExportTest/1.0" },
      }),
      200,
    );
    await expectJson(
      await h.app.request(
        "/v1/auth/password-reset",
        jsonRequest("POST", { email: me.email }),
        fromIp("203.0.113.9"),
      ),
      202,
    );
    const newKey = async (name: string) => (await expectJson<{ id: string; key: string }>(
      await h.app.request(
        "/v1/me/api-keys",
        jsonRequest("POST", { name, scopes: ["read"] }, me.token),
      ),
      201,
    ));
    const kept = await newKey("kept");
    h.clock.advance(1_000);
    const revoked = await newKey("revoked");
    h.clock.advance(1_000);
    const revoke = await h.app.request(
      `/v1/me/api-keys/${revoked.id}`,
      jsonRequest("DELETE", undefined, me.token),
    );
    assert.equal(revoke.status, 204, await revoke.text());
    const published = await createPitch(h, me.token, { title: "Published" });
    h.clock.advance(1_000);
    const draft = await createPitch(h, me.token, { title: "Draft" }, { publish: false });
    h.clock.advance(1_000);
    const deleted = await createPitch(h, me.token, { title: "Deleted" });
    const gone = await h.app.request(
      `/v1/pitches/${deleted.id}`,
      jsonRequest("DELETE", undefined, me.token),
    );
    assert.equal(gone.status, 204, await gone.text());
    const theirs = await createPitch(h, other.token);
    const put = async (path: string, token: string) => {
      const response = await h.app.request(path, jsonRequest("PUT", undefined, token));
      assert.ok(response.ok, await response.text());
      await response.body?.cancel();
    };
    await put(`/v1/pitches/${theirs.id}/save`, me.token);
    await put(`/v1/users/${other.id}/follow`, me.token);
    await put(`/v1/users/${me.id}/follow`, fan.token);
    const viewed = await h.app.request(`/v1/pitches/${theirs.id}`, bearer(me.token));
    assert.equal(viewed.status, 200, await viewed.text());
    await h.deps.views.flush();
    await putSubscription(h, me.id, { plan: "pro", status: "active" });
    await db.insert(billingCustomers).values({ userId: me.id, customerId: `cus_${me.id}` });
    await db.insert(emailOptOuts).values({ userId: me.id, category: "weekly-digest" });
    await db.insert(emailDailyCounts).values({ userId: me.id, day: "2026-01-05", sent: 3 });
    await db.insert(weeklyDigests).values({
      userId: me.id,
      weekStart: "2026-01-05",
      pitchCount: 4,
      queuedAt: new Date(h.clock.now()),
    });
    await invalidateEntitlements(h.deps, me.id);
    await h.deps.background.drain();

    let exportId = "";
    let file = "";

    await t.step("account-data as CSV is 422 naming /format, and spends nothing", async () => {
      const problem = await assertProblem(
        await h.app.request(
          "/v1/me/exports",
          jsonRequest("POST", { kind: "account-data", format: "csv" }, me.token),
        ),
        422,
        "validation-failed",
      );
      const errors = problem.errors as Array<{ pointer: string; detail: string }>;
      assert.deepEqual(errors.map((e) => e.pointer), ["/format"], JSON.stringify(problem));
      assert.match(errors[0]!.detail, /"account-data" is exported as "json" only/);
      const rows = await db.select().from(reportExports).where(eq(reportExports.userId, me.id));
      assert.equal(rows.length, 0);
    });

    await t.step("account-data without a format is JSON, 202, then ready", async () => {
      const created = await requestExportHeld(h, me.token, { kind: "account-data" });
      assert.equal(created.kind, "account-data");
      assert.equal(created.format, "json");
      exportId = created.id;
      await buildExport(h, exportId);
      const ready = await expectJson<Item>(
        await h.app.request(`/v1/me/exports/${exportId}`, bearer(me.token)),
        200,
      );
      assert.equal(ready.status, "ready", JSON.stringify(ready));
      assert.equal(ready.downloadUrl, `/v1/me/exports/${exportId}/download`);
    });

    await t.step("the download is one JSON document with every section", async () => {
      const response = await h.app.request(
        `/v1/me/exports/${exportId}/download`,
        bearer(me.token),
      );
      file = await response.text();
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      const date = new Date(h.clock.now()).toISOString().slice(0, 10);
      assert.equal(
        response.headers.get("content-disposition"),
        `attachment; filename="pitchey-account-data-${date}.json"`,
      );
      assert.equal(
        response.headers.get("content-length"),
        String(new TextEncoder().encode(file).byteLength),
      );
      const doc = JSON.parse(file) as Doc;
      assert.deepEqual(Object.keys(doc), SECTIONS);
      assert.equal(doc.kind, "account-data");
      assert.equal(doc.exportId, exportId);
      const list = (name: string) => doc[name] as Item[];

      const account = doc.account as Item;
      assert.equal(account.id, me.id);
      assert.equal(account.email, me.email);
      assert.equal(account.name, me.name);

      assert.equal(list("sessions").length, 2, JSON.stringify(doc.sessions));
      assert.ok(list("sessions").some((s) => s.userAgent === "ExportTest/1.0"));
      assert.deepEqual(list("apiKeys").map((k) => [k.id, k.revokedAt === null]), [
        [kept.id, true],
        [revoked.id, false],
      ]);
      assert.deepEqual(list("emailLinks").map((l) => l.purpose).sort(), [
        "password-reset",
        "verify-email",
      ]);
      const billing = doc.billing as { customer: Item; subscription: Item };
      assert.equal(billing.customer.customerId, `cus_${me.id}`);
      assert.equal(billing.subscription.plan, "pro");
      assert.equal(billing.subscription.status, "active");

      const pitches = list("pitches");
      assert.deepEqual(pitches.map((p) => p.id), [published.id, draft.id, deleted.id]);
      assert.deepEqual(pitches.map((p) => p.status), ["published", "draft", "published"]);
      assert.equal(pitches[2]!.deletedAt !== null, true, "deleted pitches are data held too");
      assert.equal(typeof pitches[0]!.synopsis, "string");

      assert.deepEqual(list("saves").map((s) => s.pitchId), [theirs.id]);
      assert.deepEqual(list("following").map((f) => f.userId), [other.id]);
      assert.deepEqual(list("followers").map((f) => f.userId), [fan.id]);
      assert.deepEqual(list("pitchViews").map((v) => v.pitchId), [theirs.id]);

      const exportsUsed = list("usageCounters").find((c) => c.metric === "exports");
      assert.equal(exportsUsed?.used, 1, JSON.stringify(doc.usageCounters));
      assert.deepEqual(
        list("usageLedger").filter((e) => e.metric === "exports").map((e) => e.amount),
        [1],
      );
      assert.deepEqual(list("exports").map((e) => [e.id, e.kind]), [[exportId, "account-data"]]);
      assert.deepEqual(list("emailOptOuts").map((o) => o.category), ["weekly-digest"]);
      assert.deepEqual(list("emailDailyCounts")[0], { day: "2026-01-05", sent: 3 });
      assert.deepEqual(list("weeklyDigests").map((d) => [d.weekStart, d.pitchCount]), [
        ["2026-01-05", 4],
      ]);

      const items = SECTIONS.map((name) => doc[name]).filter(Array.isArray).flat().length;
      const view = await expectJson<Item>(
        await h.app.request(`/v1/me/exports/${exportId}`, bearer(me.token)),
        200,
      );
      assert.equal(view.rowCount, items, "rowCount counts every list item");
    });

    await t.step("no password, hash, token or key digest is anywhere in the file", async () => {
      const [user] = await db.select({ hash: users.passwordHash }).from(users)
        .where(eq(users.id, me.id));
      const sessionHashes = await db.select({ hash: sessions.tokenHash }).from(sessions)
        .where(eq(sessions.userId, me.id));
      const keyHashes = await db.select({ hash: apiKeys.keyHash }).from(apiKeys)
        .where(eq(apiKeys.userId, me.id));
      const linkHashes = await db.select({ hash: oneTimeTokens.tokenHash }).from(oneTimeTokens)
        .where(eq(oneTimeTokens.userId, me.id));
      const tokensIn = (tags: string[]) =>
        h.mailer.outbox.filter((m) => m.to === me.email && tags.includes(m.tag))
          .flatMap((m) => [...m.text.matchAll(/token=([^\s&]+)/g)].map((match) => match[1]!));
      const links = tokensIn(["welcome", "password-reset"]);
      assert.equal(sessionHashes.length, 2);
      assert.equal(keyHashes.length, 2);
      assert.equal(linkHashes.length, 2);
      assert.equal(links.length, 2, "the verification and reset links");
      // Any other link token mailed to the user (unsubscribe links) is no data to export either.
      links.push(...tokensIn([...new Set(h.mailer.outbox.map((m) => m.tag))]));
      const secrets = [
        me.password,
        user!.hash,
        ...user!.hash.split("$").filter((part) => part.length >= 16),
        me.token,
        login.session.token,
        kept.key,
        revoked.key,
        ...links,
        ...links.map(decodeURIComponent),
        ...[...sessionHashes, ...keyHashes, ...linkHashes].map((row) => row.hash),
      ];
      for (const secret of secrets) {
        assert.ok(!file.includes(secret), `the export contains a secret: ${secret}`);
      }
      const fields = new Set<string>();
      const walk = (value: unknown): void => {
        if (value === null || typeof value !== "object") return;
        for (const [field, inner] of Object.entries(value)) {
          if (!Array.isArray(value)) fields.add(field);
          walk(inner);
        }
      };
      // The records' fields, below the section names ("weeklyDigests" is email, not a digest).
      Object.values(JSON.parse(file) as Doc).forEach(walk);
      const suspicious = [...fields].filter((f) => /hash|password|secret|digest|token/i.test(f));
      assert.deepEqual(suspicious, [], `fields: ${[...fields].join(", ")}`);
    });

    await t.step("the ready email says it is the account data, with the expiry", () => {
      const [email] = h.mailer.outbox.filter((m) => m.to === me.email && m.tag === "export-ready");
      assert.ok(email, JSON.stringify(h.mailer.outbox.map((m) => m.tag)));
      assert.ok(email.text.includes("Your account data export is ready"), email.text);
      assert.ok(email.text.includes(`${TEST_ORIGIN}/exports/${exportId}`), email.text);
      const expires = new Date(h.clock.now() + 7 * 24 * 60 * 60_000).toISOString().slice(0, 10);
      assert.ok(email.text.includes(`works until ${expires}`), email.text);
    });
  } finally {
    await h.close();
  }
});
