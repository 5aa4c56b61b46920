import assert from "node:assert/strict";
import { createResendMailer } from "../../src/adapters/mailer/resend_mailer.ts";
import { EmailRejectedError, UpstreamError } from "../../src/ports/errors.ts";
import type { EmailMessage } from "../../src/ports/mailer.ts";
import { startResendFake } from "../support/fakes/resend_fake.ts";

const apiKey = "re_test_FakeKeyDoNotLog_9Zq1";
const from = "Pitchey <hello@pitchey.example>";

function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    to: `reader-${tag}@example.test`,
    subject: `Hello ${tag}`,
    text: `Plain ${tag}`,
    html: `<p>Plain ${tag}</p>`,
    tag: "welcome",
    idempotencyKey: `msg_${tag}`,
    ...overrides,
  };
}

async function rejection(work: Promise<unknown>): Promise<Error> {
  return await work.then(
    () => assert.fail("expected a rejection"),
    (error: unknown) => error as Error,
  );
}

function assertNoKey(text: string) {
  assert.ok(!text.includes(apiKey), `the API key leaked: ${text}`);
}

Deno.test("Resend mailer against the loopback Resend fake", async (t) => {
  const fake = await startResendFake({ apiKey });
  const mailer = createResendMailer({ apiKey, from, apiBase: fake.url, timeoutMs: 300 });
  try {
    await t.step("send posts the message with the key, sender and idempotency key", async () => {
      const sent = message({ headers: { "List-Unsubscribe": "<https://api.test/u?token=x>" } });
      const { id } = await mailer.send(sent);
      const request = fake.requests.at(-1)!;
      assert.equal(request.method, "POST");
      assert.equal(request.path, "/emails");
      assert.equal(request.headers.authorization, `Bearer ${apiKey}`);
      assert.equal(request.headers["idempotency-key"], sent.idempotencyKey);
      const stored = fake.emails.find((email) => email.id === id);
      assert.ok(stored, JSON.stringify(fake.emails));
      assert.deepEqual(stored.body, {
        from,
        to: [sent.to],
        subject: sent.subject,
        text: sent.text,
        html: sent.html,
        headers: sent.headers,
        tags: [{ name: "category", value: "welcome" }],
      });
    });

    await t.step("the same idempotency key sends once and returns the same id", async () => {
      const sent = message();
      const first = await mailer.send(sent);
      const second = await mailer.send(sent);
      assert.equal(second.id, first.id);
      const copies = fake.emails.filter((email) => email.idempotencyKey === sent.idempotencyKey);
      assert.equal(copies.length, 1, JSON.stringify(copies));
    });

    await t.step("the same key with another message is refused for good", async () => {
      const sent = message();
      await mailer.send(sent);
      const error = await rejection(mailer.send({ ...sent, subject: "Changed" }));
      assert.ok(error instanceof EmailRejectedError, String(error));
      assert.match(error.message, /409 "invalid_idempotent_request"/);
    });

    await t.step("a validation refusal (422) is an EmailRejectedError", async () => {
      const error = await rejection(mailer.send(message({ to: "not-an-address" })));
      assert.ok(error instanceof EmailRejectedError, String(error));
      assert.match(error.message, /422 "validation_error"/);
      const badSender = createResendMailer({ apiKey, from: "nobody", apiBase: fake.url });
      const sender = await rejection(badSender.send(message()));
      assert.ok(sender instanceof EmailRejectedError, String(sender));
    });

    await t.step("a wrong key is an UpstreamError that never quotes a key", async () => {
      const wrong = createResendMailer({
        apiKey: "re_wrong_key_0000",
        from,
        apiBase: fake.url,
      });
      const error = await rejection(wrong.send(message()));
      assert.ok(error instanceof UpstreamError, String(error));
      assert.match(error.message, /403 "invalid_api_key"/);
      assert.ok(!error.message.includes("re_wrong_key_0000"), error.message);
      assertNoKey(error.message);
    });

    await t.step("throttling and provider failures are UpstreamErrors (retried)", async () => {
      for (const mode of ["throttle", "down"] as const) {
        fake.mode = mode;
        const error = await rejection(mailer.send(message()));
        assert.ok(error instanceof UpstreamError, `${mode}: ${error}`);
        assertNoKey(error.message);
      }
      fake.mode = "normal";
    });

    await t.step("no answer within the timeout is an UpstreamError", async () => {
      fake.mode = "hang";
      const started = performance.now();
      const error = await rejection(mailer.send(message()));
      assert.ok(error instanceof UpstreamError, String(error));
      assert.match(error.message, /no answer within 300 ms/);
      assert.ok(performance.now() - started < 5_000, "the timeout bounds the wait");
      fake.mode = "normal";
    });

    await t.step("an unreachable API is an UpstreamError", async () => {
      const closed = createResendMailer({ apiKey, from, apiBase: "http://127.0.0.1:9" });
      const error = await rejection(closed.send(message()));
      assert.ok(error instanceof UpstreamError, String(error));
      assertNoKey(error.message);
    });
  } finally {
    await fake.close();
  }
});
