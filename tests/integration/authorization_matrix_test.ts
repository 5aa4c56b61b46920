import assert from "node:assert/strict";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { jsonRequest, randomUser, signUpUser, type TestUser } from "../support/accounts.ts";
import { postWebhook, startCheckout, subscriptionEvent } from "../support/billing.ts";
import { signQstashJwt } from "../support/fakes/qstash_fake.ts";
import { createHarness, type Harness, TEST_PUBLIC_URL } from "../support/harness.ts";
import { createPitch, randomPitch } from "../support/pitches.ts";
import { linkToken } from "../support/mail_links.ts";
import { signUnsubscribeToken } from "../../src/services/email/unsubscribe_token.ts";
import { recordDeadLetter } from "../support/failed_jobs.ts";

/**
 * Who may call what, for every route in the app. Adding a route without a row here fails the
 * "covers every route" step, so no route escapes the authorization checks. Every row names the
 * status a permitted caller gets, and every permitted caller must get exactly that: "allowed"
 * means the request works, not merely that it was not refused.
 */
type Access =
  | "public"
  | "signed-in"
  | "session"
  | "creator"
  | "owner"
  | "admin"
  /** Authenticated by a QStash signature: without a valid one, a 401. */
  | "queue-signature"
  /** Authenticated by the payment provider's signature: without a valid one, a 400. */
  | "provider-signature"
  /** Bearer `METRICS_TOKEN`: without a token a 401, with any other credential a 403. */
  | "metrics-token";

type Caller = "anonymous" | "owner" | "other" | "admin" | "read-key" | "write-key";

/** The password of the throwaway accounts that rows ending a session use. */
const THROWAWAY_PASSWORD = "throwaway password 1";

/** Every caller kind, in the order each row probes them. */
const CALLERS: Caller[] = ["anonymous", "read-key", "write-key", "other", "admin", "owner"];

/** The callers that are people with a session (the keys belong to `owner`). */
type Person = "owner" | "other" | "admin";
const ROLE_OF: Record<Person, TestUser["role"]> = {
  owner: "creator",
  other: "investor",
  admin: "admin",
};

/** A success status a route documents: a 2xx, or the redirect of the offline checkout page. */
type Success = 200 | 201 | 202 | 204 | 302;

interface Row {
  method: string;
  /** Hono's pattern, as `app.routes` lists it. */
  pattern: string;
  access: Access;
  /** The status every permitted caller must get: the success status the route documents. */
  success: Success;
  /**
   * The request each caller sends: one that succeeds for a permitted caller. `owner` is the
   * resource's owner; a probe that changes or uses up state gives each caller its own resource.
   */
  probe: (f: Fixture, caller: Caller) => { path: string; body?: unknown };
  /**
   * Callers the access level admits who get 404 all the same: the resource is the owner's and
   * private, so to anyone else it does not exist.
   */
  hidden?: Caller[];
  /**
   * Callers the access level admits whose own billing state makes the request a conflict (409):
   * a second checkout next to a live subscription, a plan change without one.
   */
  conflicts?: Caller[];
  /**
   * The route ends the caller's session or account: people call it as a throwaway user of their
   * role, so the fixture's sessions survive.
   */
  endsSession?: true;
  /**
   * For routes no caller kind may use: the request of the party that holds the signature the
   * route needs, which must get `success`.
   */
  signed?: (h: Harness, f: Fixture) => Promise<Response>;
}

interface Fixture {
  /** A creator on the studio plan, who owns every pitch, key and export below. */
  owner: TestUser;
  /** An investor on the free plan. */
  other: TestUser;
  admin: TestUser;
  /** Keys of `owner`. */
  readKey: string;
  writeKey: string;
  /** Ids of more keys of `owner`, one per caller, to revoke. */
  revocableKeys: Record<Caller, string>;
  pitches: {
    /** A published public pitch no probe hides or deletes: read, saved, boosted, analysed. */
    listed: string;
    /** Published pitches, one per caller, so one caller's change cannot affect another's. */
    edit: Record<Caller, string>;
    archive: Record<Caller, string>;
    delete: Record<Caller, string>;
  };
  /** Per caller, an account and the one-time links of its emails, for the recovery routes. */
  recovery: Record<Caller, { email: string; verifyToken: string; resetToken: string }>;
  /** A user whose role the admin changes. */
  roleTarget: string;
  /** A user the admin suspends, and a suspended one the admin lets back in. */
  suspendTarget: TestUser;
  unsuspendTarget: string;
  /** A published pitch of `owner` the admin hides, and a hidden one the admin shows again. */
  hideTarget: string;
  unhideTarget: string;
  /** An export of `owner`, built and ready to download. */
  exportId: string;
  /** Per caller, the offline checkout page of a throwaway buyer, which visiting completes. */
  checkoutPaths: Record<Caller, string>;
  /** The offline payments' customer of `owner`. */
  ownerCustomerId: string;
  /** A user the webhook events are about. */
  subscriberId: string;
  /** An unsubscribe link's token (URL-encoded) of `owner`. */
  unsubscribeToken: string;
  /** The URL of a docs viewer file, as the docs page names it (its release is a content hash). */
  docsAsset: string;
  /** Dead-lettered jobs, one per caller, to retry and to discard. */
  failedJobs: { retry: Record<Caller, string>; discard: Record<Caller, string> };
}

/** Keys the harness's job deliveries are signed with, as QStash would. */
const JOB_KEYS = {
  currentSigningKey: `sig_${crypto.randomUUID()}`,
  nextSigningKey: `sig_${crypto.randomUUID()}`,
};

/** The harness's `METRICS_TOKEN`. */
const METRICS_TOKEN = `metrics_${crypto.randomUUID()}`;

const ROWS: Row[] = [
  {
    method: "GET",
    pattern: "/metrics",
    access: "metrics-token",
    success: 200,
    probe: () => ({ path: "/metrics" }),
    signed: async (h) =>
      await h.app.request("/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
  },
  {
    method: "GET",
    pattern: "/health/detailed",
    // Also the metrics token (tests/integration/health_detailed_test.ts).
    access: "admin",
    success: 200,
    probe: () => ({ path: "/health/detailed" }),
  },
  {
    method: "GET",
    pattern: "/health",
    access: "public",
    success: 200,
    probe: () => ({ path: "/health" }),
  },
  {
    method: "GET",
    pattern: "/health/ready",
    access: "public",
    success: 200,
    probe: () => ({ path: "/health/ready" }),
  },
  {
    method: "GET",
    pattern: "/openapi.json",
    access: "public",
    success: 200,
    probe: () => ({ path: "/openapi.json" }),
  },
  {
    method: "GET",
    pattern: "/docs",
    access: "public",
    success: 200,
    probe: () => ({ path: "/docs" }),
  },
  {
    method: "GET",
    pattern: "/docs/assets/:release/:file",
    access: "public",
    success: 200,
    probe: (f) => ({ path: f.docsAsset }),
  },
  {
    method: "GET",
    pattern: "/problems/:slug",
    access: "public",
    success: 200,
    probe: () => ({ path: "/problems/not-found" }),
  },
  {
    method: "POST",
    pattern: "/jobs/:name",
    access: "queue-signature",
    success: 200,
    // A valid job: only the missing signature refuses it.
    probe: () => ({ path: "/jobs/send-email", body: emailJob() }),
    signed: async (h) => {
      const body = JSON.stringify(emailJob());
      const signature = await signQstashJwt({
        key: JOB_KEYS.currentSigningKey,
        destination: `${TEST_PUBLIC_URL}/jobs/send-email`,
        body,
      });
      return await h.app.request("/jobs/send-email", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "upstash-signature": signature,
          "upstash-message-id": `msg_${crypto.randomUUID().replaceAll("-", "")}`,
        },
        body,
      });
    },
  },
  {
    method: "POST",
    pattern: "/jobs/_failed",
    access: "queue-signature",
    success: 200,
    // A valid failure report: only the missing signature refuses it.
    probe: () => ({ path: "/jobs/_failed", body: failureReport() }),
    signed: async (h) => {
      const body = JSON.stringify(failureReport());
      const signature = await signQstashJwt({
        key: JOB_KEYS.currentSigningKey,
        destination: `${TEST_PUBLIC_URL}/jobs/_failed`,
        body,
      });
      return await h.app.request("/jobs/_failed", {
        method: "POST",
        headers: { "content-type": "application/json", "upstash-signature": signature },
        body,
      });
    },
  },
  {
    method: "GET",
    pattern: "/v1/admin/jobs/failed",
    access: "admin",
    success: 200,
    probe: () => ({ path: "/v1/admin/jobs/failed" }),
  },
  {
    method: "POST",
    pattern: "/v1/admin/jobs/failed/:id/retry",
    access: "admin",
    success: 202,
    // One dead letter per caller: a retried one cannot be retried again.
    probe: (f, caller) => ({ path: `/v1/admin/jobs/failed/${f.failedJobs.retry[caller]}/retry` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/admin/jobs/failed/:id",
    access: "admin",
    success: 204,
    probe: (f, caller) => ({ path: `/v1/admin/jobs/failed/${f.failedJobs.discard[caller]}` }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/signup",
    access: "public",
    success: 201,
    probe: () => ({ path: "/v1/auth/signup", body: randomUser({ role: "investor" }) }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/login",
    access: "public",
    success: 200,
    probe: (f) => ({
      path: "/v1/auth/login",
      body: { email: f.owner.email, password: f.owner.password },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/logout",
    access: "session",
    success: 204,
    endsSession: true,
    probe: () => ({ path: "/v1/auth/logout" }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/verify-email",
    access: "public",
    success: 200,
    probe: (f, caller) => ({
      path: "/v1/auth/verify-email",
      body: { token: f.recovery[caller].verifyToken },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/verify-email/resend",
    access: "signed-in",
    success: 202,
    probe: () => ({ path: "/v1/auth/verify-email/resend" }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/password-reset",
    access: "public",
    success: 202,
    probe: (f, caller) => ({
      path: "/v1/auth/password-reset",
      body: { email: f.recovery[caller].email },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/password-reset/confirm",
    access: "public",
    success: 200,
    probe: (f, caller) => ({
      path: "/v1/auth/password-reset/confirm",
      body: { token: f.recovery[caller].resetToken, password: randomUser().password },
    }),
  },
  {
    method: "GET",
    pattern: "/v1/me",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me" }),
  },
  {
    method: "PATCH",
    pattern: "/v1/me",
    access: "signed-in",
    success: 200,
    probe: (_f, caller) => ({ path: "/v1/me", body: { bio: `Changed by ${caller}` } }),
  },
  {
    method: "DELETE",
    pattern: "/v1/me",
    access: "session",
    success: 204,
    endsSession: true,
    probe: () => ({ path: "/v1/me" }),
  },
  {
    method: "PUT",
    pattern: "/v1/me/password",
    access: "session",
    success: 200,
    endsSession: true,
    probe: () => ({
      path: "/v1/me/password",
      body: { currentPassword: THROWAWAY_PASSWORD, newPassword: `${THROWAWAY_PASSWORD} changed` },
    }),
  },
  {
    method: "GET",
    pattern: "/v1/users/:id",
    access: "public",
    success: 200,
    probe: (f) => ({ path: `/v1/users/${f.owner.id}` }),
  },
  {
    method: "POST",
    pattern: "/v1/me/api-keys",
    access: "session",
    success: 201,
    probe: (_f, caller) => ({
      path: "/v1/me/api-keys",
      body: { name: `by ${caller}`, scopes: ["read"] },
    }),
  },
  {
    method: "GET",
    pattern: "/v1/me/api-keys",
    access: "session",
    success: 200,
    probe: () => ({ path: "/v1/me/api-keys" }),
  },
  {
    method: "DELETE",
    pattern: "/v1/me/api-keys/:id",
    access: "session",
    success: 204,
    // The owner's keys: another user cannot even learn that they exist.
    hidden: ["other", "admin"],
    probe: (f, caller) => ({ path: `/v1/me/api-keys/${f.revocableKeys[caller]}` }),
  },
  {
    method: "GET",
    pattern: "/v1/admin/users",
    access: "admin",
    success: 200,
    probe: () => ({ path: "/v1/admin/users" }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches",
    access: "public",
    success: 200,
    probe: () => ({ path: "/v1/pitches" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/pitches",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/pitches" }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches",
    access: "creator",
    success: 201,
    probe: () => ({ path: "/v1/pitches", body: randomPitch() }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches/:id",
    access: "public",
    success: 200,
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.listed}` }),
  },
  {
    method: "PATCH",
    pattern: "/v1/pitches/:id",
    access: "owner",
    success: 200,
    probe: (f, caller) => ({
      path: `/v1/pitches/${f.pitches.edit[caller]}`,
      body: { title: `New title by ${caller}` },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/publish",
    access: "owner",
    success: 200,
    // A published pitch, so others can read it and get 403; publishing it again returns it.
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches.edit[caller]}/publish` }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/archive",
    access: "owner",
    success: 200,
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches.archive[caller]}/archive` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/pitches/:id",
    access: "owner",
    success: 204,
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches.delete[caller]}` }),
  },
  {
    method: "PUT",
    pattern: "/v1/pitches/:id/save",
    access: "signed-in",
    success: 204,
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.listed}/save` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/pitches/:id/save",
    access: "signed-in",
    success: 204,
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.listed}/save` }),
  },
  {
    method: "GET",
    pattern: "/v1/me/saved",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/saved" }),
  },
  {
    method: "PUT",
    pattern: "/v1/users/:id/follow",
    access: "signed-in",
    success: 204,
    probe: (f, caller) => ({ path: `/v1/users/${followTarget(f, caller)}/follow` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/users/:id/follow",
    access: "signed-in",
    success: 204,
    probe: (f, caller) => ({ path: `/v1/users/${followTarget(f, caller)}/follow` }),
  },
  {
    method: "GET",
    pattern: "/v1/me/following",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/following" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/feed",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/feed" }),
  },
  {
    method: "GET",
    pattern: "/v1/plans",
    access: "public",
    success: 200,
    probe: () => ({ path: "/v1/plans" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/entitlements",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/entitlements" }),
  },
  {
    method: "POST",
    pattern: "/v1/entitlements/check",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/entitlements/check", body: { feature: "boosts" } }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/boost",
    access: "owner",
    success: 200,
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.listed}/boost` }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches/:id/analytics",
    access: "owner",
    success: 200,
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.listed}/analytics` }),
  },
  {
    method: "POST",
    pattern: "/v1/me/exports",
    access: "signed-in",
    success: 202,
    // The free plan of `other` and `admin` allows one export a month: this is it.
    probe: () => ({ path: "/v1/me/exports", body: { kind: "pitch-performance" } }),
  },
  {
    method: "GET",
    pattern: "/v1/me/exports",
    access: "signed-in",
    success: 200,
    probe: () => ({ path: "/v1/me/exports" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/exports/:id",
    access: "signed-in",
    success: 200,
    // Exports are private to their owner: to anyone else, 404 like an unknown id.
    hidden: ["other", "admin"],
    probe: (f) => ({ path: `/v1/me/exports/${f.exportId}` }),
  },
  {
    method: "GET",
    pattern: "/v1/me/exports/:id/download",
    access: "signed-in",
    success: 200,
    hidden: ["other", "admin"],
    probe: (f) => ({ path: `/v1/me/exports/${f.exportId}/download` }),
  },
  {
    method: "GET",
    pattern: "/v1/admin/users/lookup",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/users/lookup?email=${encodeURIComponent(f.other.email)}` }),
  },
  {
    method: "GET",
    pattern: "/v1/admin/users/:id",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/users/${f.other.id}` }),
  },
  {
    method: "POST",
    pattern: "/v1/admin/users/:id/suspend",
    access: "admin",
    success: 200,
    probe: (f) => ({
      path: `/v1/admin/users/${f.suspendTarget.id}/suspend`,
      body: { reason: "Matrix" },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/admin/users/:id/unsuspend",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/users/${f.unsuspendTarget}/unsuspend` }),
  },
  {
    method: "POST",
    pattern: "/v1/admin/pitches/:id/hide",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/pitches/${f.hideTarget}/hide`, body: { reason: "Matrix" } }),
  },
  {
    method: "POST",
    pattern: "/v1/admin/pitches/:id/unhide",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/pitches/${f.unhideTarget}/unhide` }),
  },
  {
    method: "PATCH",
    pattern: "/v1/admin/users/:id",
    access: "admin",
    success: 200,
    probe: (f) => ({ path: `/v1/admin/users/${f.roleTarget}`, body: { role: "investor" } }),
  },
  {
    method: "POST",
    pattern: "/v1/billing/checkout",
    access: "session",
    success: 200,
    // `owner` holds a live studio subscription: a second one is refused, whatever the plan.
    conflicts: ["owner"],
    probe: () => ({ path: "/v1/billing/checkout", body: { plan: "pro", interval: "month" } }),
  },
  {
    method: "POST",
    pattern: "/v1/billing/change-plan",
    access: "session",
    success: 202,
    // Only `owner` has a subscription to change; studio billed yearly keeps the plan in force.
    conflicts: ["other", "admin"],
    probe: () => ({ path: "/v1/billing/change-plan", body: { plan: "studio", interval: "year" } }),
  },
  {
    method: "POST",
    pattern: "/v1/billing/portal",
    access: "session",
    success: 200,
    // Every person started a checkout in the fixture, so each has a billing account.
    probe: () => ({ path: "/v1/billing/portal" }),
  },
  {
    method: "POST",
    pattern: "/webhooks/stripe",
    access: "provider-signature",
    success: 200,
    // A valid event: only the missing signature refuses it.
    probe: (f) => ({
      path: "/webhooks/stripe",
      body: subscriptionEvent(Date.now(), { userId: f.subscriberId }),
    }),
    signed: async (h, f) => {
      const event = subscriptionEvent(h.clock.now(), { userId: f.subscriberId });
      const { body, signature } = await h.payments.sign(event);
      return await postWebhook(h, body, signature);
    },
  },
  {
    method: "GET",
    pattern: "/dev/checkout/:sessionId",
    access: "public",
    success: 302,
    probe: (f, caller) => ({ path: f.checkoutPaths[caller] }),
  },
  {
    method: "GET",
    pattern: "/dev/mail",
    access: "public",
    success: 200,
    probe: () => ({ path: "/dev/mail" }),
  },
  {
    method: "GET",
    pattern: "/v1/email/unsubscribe",
    access: "public",
    success: 200,
    probe: (f) => ({ path: `/v1/email/unsubscribe?token=${f.unsubscribeToken}` }),
  },
  {
    method: "POST",
    pattern: "/v1/email/unsubscribe",
    access: "public",
    success: 200,
    // The link's token is the authority: any caller, or none, may use it (it is idempotent).
    probe: (f) => ({ path: `/v1/email/unsubscribe?token=${f.unsubscribeToken}` }),
  },
  {
    method: "GET",
    pattern: "/dev/portal/:customerId",
    access: "public",
    success: 200,
    probe: (f) => ({ path: `/dev/portal/${f.ownerCustomerId}` }),
  },
];

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether the access level admits the caller, or the exact refusal it gets. */
function verdict(access: Access, caller: Caller, method: string): "allowed" | 400 | 401 | 403 {
  // A read-only key is refused on every change, even on routes that need no credential at all.
  if (caller === "read-key" && MUTATING.has(method)) return 403;
  if (access === "public") return "allowed";
  // No caller kind holds a signature: each such row's `signed` request is the permitted one.
  if (access === "queue-signature") return 401;
  if (access === "provider-signature") return 400;
  if (access === "metrics-token") return caller === "anonymous" ? 401 : 403;
  if (caller === "anonymous") return 401;
  const key = caller === "read-key" || caller === "write-key";
  if (access === "session" && key) return 403;
  if (access === "admin" && caller !== "admin") return 403;
  // The owner's keys act as the owner (a creator); the other user is an investor.
  if (access === "creator" && (caller === "other" || caller === "admin")) return 403;
  // Someone else's readable pitch: visible, so changing it is forbidden rather than not found.
  if (access === "owner" && (caller === "other" || caller === "admin")) return 403;
  return "allowed";
}

/** The exact status `caller` must get from `row`. */
function expectedStatus(row: Row, caller: Caller): number {
  const refusal = verdict(row.access, caller, row.method);
  if (refusal !== "allowed") return refusal;
  if (row.hidden?.includes(caller)) return 404;
  if (row.conflicts?.includes(caller)) return 409;
  return row.success;
}

/** Asserts the exact status, with the request and the response body in the message. */
async function assertStatus(response: Response, expected: number, request: string) {
  const text = await response.text();
  assert.equal(
    response.status,
    expected,
    `${request}: expected ${expected}, got ${response.status}: ${text.slice(0, 2000)}`,
  );
}

/** A valid `send-email` job payload. */
function emailJob() {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    to: `matrix-${tag}@example.test`,
    subject: `Matrix ${tag}`,
    text: `Delivered by the matrix ${tag}`,
    tag: "welcome",
  };
}

/** The first script the docs page loads. */
async function docsAssetPath(h: Harness): Promise<string> {
  const html = await (await h.app.request("/docs")).text();
  const path = /<script src="([^"]+)"/.exec(html)?.[1];
  assert.ok(path, html);
  return path;
}

/** QStash's failure callback body for a `send-email` message that exhausted its retries. */
function failureReport() {
  const toBase64 = (text: string) => btoa(text);
  return {
    status: 503,
    header: { "content-type": ["application/problem+json"] },
    body: toBase64(JSON.stringify({ detail: "Mail provider down" })),
    retried: 3,
    maxRetries: 3,
    dlqId: `${Date.now()}-0`,
    sourceMessageId: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
    url: `${TEST_PUBLIC_URL}/jobs/send-email`,
    method: "POST",
    sourceHeader: { "content-type": ["application/json"] },
    sourceBody: toBase64(JSON.stringify(emailJob())),
    createdAt: String(Date.now()),
  };
}

/** A dead letter of a `send-email` job, recorded as the queue would. */
function deadLetter(h: Harness): Promise<string> {
  return recordDeadLetter(h, emailJob());
}

/** One value per caller, made one after the other. */
async function perCaller<T>(make: (caller: Caller) => Promise<T>): Promise<Record<Caller, T>> {
  const made = {} as Record<Caller, T>;
  for (const caller of CALLERS) made[caller] = await make(caller);
  return made;
}

/** Sends a request the fixture needs and returns its JSON, failing with the body otherwise. */
async function call<T>(
  h: Harness,
  request: { method: string; path: string; body?: unknown; token?: string },
  status: number,
): Promise<T> {
  const response = await h.app.request(
    request.path,
    jsonRequest(request.method, request.body, request.token),
  );
  const text = await response.text();
  assert.equal(response.status, status, `${request.method} ${request.path}: ${text}`);
  return JSON.parse(text) as T;
}

async function fixture(h: Harness): Promise<Fixture> {
  const owner = await signUpUser(h, { role: "creator", verified: true });
  // Studio: the owner publishes many pitches, boosts, exports and reads plan-gated analytics.
  // Bought through the offline checkout, so the payments adapter knows the subscription.
  const upgrade = await h.app.request(await startCheckout(h, owner.token, "studio", "month"));
  assert.equal(upgrade.status, 302, await upgrade.text());
  await h.deps.background.drain();
  const other = await signUpUser(h, { role: "investor", verified: true });
  const admin = await signUpUser(h, { role: "admin", verified: true });
  const mint = (scopes: string[]) =>
    call<{ id: string; key: string }>(h, {
      method: "POST",
      path: "/v1/me/api-keys",
      body: { name: "m", scopes },
      token: owner.token,
    }, 201);
  const read = await mint(["read"]);
  const write = await mint(["read", "write"]);
  const revocableKeys = await perCaller(async () => (await mint(["read"])).id);

  const published = () => perCaller(async () => (await createPitch(h, owner.token)).id);
  const pitches = {
    listed: (await createPitch(h, owner.token)).id,
    edit: await published(),
    archive: await published(),
    delete: await published(),
  };

  const recovery = await perCaller(async () => {
    const user = await signUpUser(h);
    await call(h, {
      method: "POST",
      path: "/v1/auth/password-reset",
      body: { email: user.email },
    }, 202);
    return {
      email: user.email,
      verifyToken: await linkToken(h, user.email, "welcome", "verify-email"),
      resetToken: await linkToken(h, user.email, "password-reset", "reset-password"),
    };
  });

  const requested = await call<{ id: string }>(h, {
    method: "POST",
    path: "/v1/me/exports",
    body: { kind: "pitch-performance" },
    token: owner.token,
  }, 202);
  await h.deps.background.drain();
  const built = await call<{ status: string }>(h, {
    method: "GET",
    path: `/v1/me/exports/${requested.id}`,
    token: owner.token,
  }, 200);
  assert.equal(built.status, "ready", JSON.stringify(built));

  // Every person gets a billing account (the portal needs one); the owner's came with studio.
  for (const person of [other, admin]) await startCheckout(h, person.token);
  const ownerCustomer = h.payments.customers.find((c) => c.userId === owner.id);
  assert.ok(ownerCustomer, JSON.stringify(h.payments.customers));
  // Completing a checkout changes its buyer's plan: throwaway buyers, one per caller.
  const checkoutPaths = await perCaller(async () => {
    const buyer = await signUpUser(h);
    return await startCheckout(h, buyer.token);
  });

  return {
    owner,
    other,
    admin,
    readKey: read.key,
    writeKey: write.key,
    revocableKeys,
    pitches,
    recovery,
    roleTarget: (await signUpUser(h)).id,
    suspendTarget: await signUpUser(h),
    unsuspendTarget: await suspendedUser(h, admin),
    hideTarget: (await createPitch(h, owner.token)).id,
    unhideTarget: await hiddenPitch(h, owner, admin),
    exportId: requested.id,
    docsAsset: await docsAssetPath(h),
    checkoutPaths,
    ownerCustomerId: ownerCustomer.customerId,
    subscriberId: (await signUpUser(h)).id,
    unsubscribeToken: encodeURIComponent(
      await signUnsubscribeToken({
        ctx: h.deps,
        input: { userId: owner.id, category: "weekly-digest" },
      }),
    ),
    failedJobs: {
      retry: await perCaller(() => deadLetter(h)),
      discard: await perCaller(() => deadLetter(h)),
    },
  };
}

/** A user the admin has suspended, by id. */
async function suspendedUser(h: Harness, admin: TestUser): Promise<string> {
  const user = await signUpUser(h);
  await call(h, {
    method: "POST",
    path: `/v1/admin/users/${user.id}/suspend`,
    body: { reason: "Fixture" },
    token: admin.token,
  }, 200);
  return user.id;
}

/** A published pitch of `owner` the admin has hidden, by id. */
async function hiddenPitch(h: Harness, owner: TestUser, admin: TestUser): Promise<string> {
  const { id } = await createPitch(h, owner.token);
  await call(h, {
    method: "POST",
    path: `/v1/admin/pitches/${id}/hide`,
    body: { reason: "Fixture" },
    token: admin.token,
  }, 200);
  return id;
}

/** Somebody other than the caller to follow (following yourself is a 400). */
function followTarget(f: Fixture, caller: Caller): string {
  return caller === "other" ? f.owner.id : f.other.id;
}

function tokenOf(f: Fixture, caller: Caller): string | undefined {
  return {
    anonymous: undefined,
    owner: f.owner.token,
    other: f.other.token,
    admin: f.admin.token,
    "read-key": f.readKey,
    "write-key": f.writeKey,
  }[caller];
}

function isPerson(caller: Caller): caller is Person {
  return caller in ROLE_OF;
}

Deno.test("authorization matrix over every route", async (t) => {
  // With a verifier the job delivery route is live, and with the dev mailer `GET /dev/mail` is.
  const h = await createHarness({
    jobVerifier: createQstashSignatureVerifier(JOB_KEYS),
    mailer: "dev",
    metricsToken: METRICS_TOKEN,
  });
  try {
    const f = await fixture(h);

    await t.step("the matrix covers every route of the app", () => {
      const routes = new Set(
        h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`),
      );
      const rows = new Set(ROWS.map((r) => `${r.method} ${r.pattern}`));
      assert.deepEqual([...routes].filter((r) => !rows.has(r)), [], "routes without a matrix row");
      assert.deepEqual([...rows].filter((r) => !routes.has(r)), [], "rows without a route");
    });

    await t.step("every row proves its success status with some caller", () => {
      const unproven = ROWS.filter((row) =>
        row.signed === undefined &&
        !CALLERS.some((caller) => expectedStatus(row, caller) === row.success)
      ).map((row) => `${row.method} ${row.pattern}`);
      assert.deepEqual(unproven, [], "rows no caller can succeed on");
    });

    for (const row of ROWS) {
      await t.step(`${row.method} ${row.pattern}`, async () => {
        for (const caller of CALLERS) {
          const { path, body } = row.probe(f, caller);
          // Logging out or deleting the account would end the fixture's sessions.
          const token = row.endsSession && isPerson(caller)
            ? (await signUpUser(h, { role: ROLE_OF[caller], password: THROWAWAY_PASSWORD })).token
            : tokenOf(f, caller);
          const response = await h.app.request(path, jsonRequest(row.method, body, token));
          await assertStatus(
            response,
            expectedStatus(row, caller),
            `${caller} -> ${row.method} ${path}`,
          );
        }
        if (row.signed) {
          const response = await row.signed(h, f);
          await assertStatus(response, row.success, `signed -> ${row.method} ${row.pattern}`);
        }
      });
    }
  } finally {
    await h.close();
  }
});
