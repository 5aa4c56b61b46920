/**
 * The API's paths, operations and schemas as TypeScript types, generated from `/openapi.json` by
 * `deno task client:generate` (openapi-typescript). Do not edit: `deno task client:check` fails
 * when this file is out of date with the routes.
 */

export interface paths {
    "/health/detailed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Detailed health for operators: release, memory, pools, backlog, dependency latency
         * @description For admins, or `Authorization: Bearer <METRICS_TOKEN>`.
         */
        get: operations["getDetailedHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers; touches no dependency */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database and cache round trips with their latency */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account and sign in
         * @description Sends a welcome email with a verification link. Sets the session cookie.
         */
        post: operations["signUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description At most 5 failed attempts per account and 20 per address in 15 minutes, then 429.
         */
        post: operations["logIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the current session everywhere */
        post: operations["logOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm an email address with the link from the welcome email
         * @description The link works once and expires after 7 days. Needs no session.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email the signed-in user a new verification link
         * @description Always 202 for a signed-in caller: an account already verified gets no email. At most 3 a user in an hour, then 429. Earlier links stay valid until they expire.
         */
        post: operations["resendVerificationEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a password reset link
         * @description Always answers 202 with the same body, whether or not an account has this email. At most 3 emails per account and 20 requests per address in an hour.
         */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the link from the reset email
         * @description The link works once and expires after 1 hour. Every session of the account is revoked; the email counts as verified.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in caller's account */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the caller's account and all its data
         * @description Signs out every session and revokes every API key at once. Needs a signed-in session: an API key gets 403.
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Change the caller's name, bio or avatar
         * @description Absent fields stay as they are; `null` clears bio or avatar. An empty object changes nothing and returns the account as it is. Any other field (`email`, `role`, ...) is refused with 422. A read-only API key gets 403.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the caller's password
         * @description Checks `currentPassword`, sets `newPassword`, then revokes every session and every API key of the account and returns one new session (also set as the cookie). A wrong current password is 403 and counts towards the login lockout. Needs a signed-in session.
         */
        put: operations["changePassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's active API keys, newest first */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key (the full key is shown once)
         * @description Scopes are `["read"]` or `["read", "write"]`. At most 25 active keys per account, then 409. Needs a signed-in session: an API key gets 403.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key at once */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's 20 newest exports, newest first */
        get: operations["listExports"];
        put?: never;
        /**
         * Request a report or account-data export (metered per month)
         * @description Uses one of the plan's monthly exports (UTC month) and builds the file in the background: poll `Location` until `status` is `ready`, then follow `downloadUrl` before `expiresAt`. `pitch-performance` is CSV or JSON; `account-data` (everything held about the caller, never credentials) is JSON, and `format: "csv"` with it is 422. Over the quota: 403 `quota-exceeded` with `limit`, `used` and `resetsAt`. The build job is written with the export, so a job queue outage only delays it. Works with an API key (`write` scope).
         */
        post: operations["requestExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the caller's exports
         * @description Another user's export is 404, like an unknown id.
         */
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a ready export file
         * @description Streamed, with `Content-Length`. CSV is RFC 4180 (CRLF line ends, a header line); cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) start with an apostrophe. JSON is one document, a list item per line. An export that is not ready yet is 409; one past `expiresAt` is 410; another user's is 404.
         */
        get: operations["downloadExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/saved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's saved pitches, most recently saved first
         * @description Only pitches the caller can still read: one its owner archived, made private or deleted no longer appears (its owner still sees it). Never cached.
         */
        get: operations["listSavedPitches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/following": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users the caller follows, most recently followed first */
        get: operations["listFollowing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pitches of the creators the caller follows, newest published first
         * @description Published public pitches only: never unlisted, private, draft, archived or deleted ones. Pages do not repeat or skip pitches when new ones are published meanwhile. Never cached.
         */
        get: operations["getFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's plan in force, its features and limits, and usage this period
         * @description Always answers: when the database is unreachable, the last known entitlements (or the free plan, status "unknown") with the last known usage, `used: null` when none is cached.
         */
        get: operations["getMyEntitlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/pitches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own pitches, newest first, in every state but deleted */
        get: operations["listMyPitches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's public profile (never the email)
         * @description Public: no credential needed (an invalid one is still a 401).
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/follow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Follow a user (idempotent)
         * @description Following again changes nothing. Following yourself is 400.
         */
        put: operations["followUser"];
        post?: never;
        /** Stop following a user (idempotent) */
        delete: operations["unfollowUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users, newest first (admins only) */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user with plan and subscription state (admins only) */
        get: operations["getAdminUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role (admins only) */
        patch: operations["changeUserRole"];
        trace?: never;
    };
    "/v1/admin/users/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find a user by email (admins only)
         * @description Exact match, case-insensitive. An unknown address is a 404.
         */
        get: operations["findUserByEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a user (admins only)
         * @description From the next request none of the user's sessions or API keys authenticate (other instances within about two seconds) and signing in answers 403 `account-suspended`. Nothing is revoked: unsuspending restores them. An administrator cannot suspend themselves (403); a suspended user is a 409.
         */
        post: operations["suspendUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}/unsuspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift a user's suspension (admins only)
         * @description The user's unrevoked sessions and keys work again. A user who is not suspended is a 409.
         */
        post: operations["unsuspendUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/pitches/{id}/hide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hide a pitch from everyone but its owner (admins only)
         * @description The pitch leaves lists, search, feeds and saved lists at once, and reads by id answer 404; its owner still reads it, with `moderation` carrying the reason. A hidden pitch is a 409; a deleted or unknown one a 404.
         */
        post: operations["hidePitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/pitches/{id}/unhide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show a hidden pitch again (admins only)
         * @description A pitch that is not hidden is a 409.
         */
        post: operations["unhidePitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/jobs/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List dead-lettered jobs, newest first (admins only)
         * @description Jobs the queue gave up on: retries exhausted, or refused for good. Payloads are not shown (emails carry one-time links).
         */
        get: operations["listFailedJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/jobs/failed/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed job through the outbox (admins only)
         * @description Enqueues the job's payload again and marks the failed job `retried`. A job retried or discarded already is a 409.
         */
        post: operations["retryFailedJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/jobs/failed/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Discard a failed job (admins only)
         * @description Marks it `discarded`; it stays listed. Discarding twice is fine; a retried job is a 409.
         */
        delete: operations["discardFailedJob"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List and search published public pitches
         * @description Only published, public, live pitches appear, for every caller (owners see their drafts and hidden pitches under `GET /v1/me/pitches`). Keyset-paginated: a pitch published between two fetches never causes a repeat or a gap. Anonymous pages are shared and cacheable for 15 s; send `If-None-Match` with the `ETag` to get a 304.
         */
        get: operations["listPitches"];
        put?: never;
        /**
         * Create a pitch as a draft (creators only)
         * @description Only title, logline, genre and format are required. The pitch is a draft, seen by its owner only, until it is published. Any other field (`ownerId`, `status`, ...) is 422.
         */
        post: operations["createPitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A pitch by id
         * @description Others see published public and unlisted pitches; drafts, private and archived pitches are 404 to all but their owner. Send `If-None-Match` to revalidate (304). An investor's first open of a pitch in a UTC month uses one of the plan's monthly pitch views; past the limit it is 403 `quota-exceeded`.
         */
        get: operations["getPitch"];
        put?: never;
        post?: never;
        /**
         * Delete a pitch (owner only)
         * @description It is 404 for everyone afterwards, owner included. With `If-Match`, a stale ETag is 412.
         */
        delete: operations["deletePitch"];
        options?: never;
        head?: never;
        /**
         * Change a pitch (owner only)
         * @description Absent fields stay as they are; `null` clears `budgetRange` or `deckUrl`. `ownerId`, `status`, counters and unknown fields are 422. With `If-Match`, a stale ETag is 412. Others get 404 for pitches they cannot read and 403 for ones they can.
         */
        patch: operations["updatePitch"];
        trace?: never;
    };
    "/v1/pitches/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a draft or archived pitch (owner only)
         * @description `publishedAt` is set by the first publish and kept after. Publishing a published pitch returns it unchanged. Plan limits may refuse with 403.
         */
        post: operations["publishPitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive a pitch (owner only)
         * @description Others then get 404; the owner may publish it again. Archiving an archived pitch returns it unchanged.
         */
        post: operations["archivePitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches/{id}/save": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save a pitch (idempotent)
         * @description Saves a pitch the caller may read: a published public or unlisted pitch, or one of the caller's own. Saving it again changes nothing. Any other pitch is 404.
         */
        put: operations["savePitch"];
        post?: never;
        /**
         * Remove a saved pitch (idempotent)
         * @description Removing a pitch that is not saved changes nothing. A pitch the caller cannot read and has not saved is 404.
         */
        delete: operations["unsavePitch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches/{id}/boost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Boost a listed pitch in trending (owner only, metered per day)
         * @description Uses one of the plan's daily boosts (UTC day). Over the quota: 403 `quota-exceeded` with `limit`, `used` and `resetsAt`. A pitch that is not published and public is 409; others get 404 for pitches they cannot read and 403 for ones they can.
         */
        post: operations["boostPitch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pitches/{id}/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Daily views of the last 30 days and totals (owner only, `analytics` feature)
         * @description A plan without analytics gets 403 `feature-not-in-plan`.
         */
        get: operations["getPitchAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The plans with their features, limits and prices
         * @description Public and cacheable for an hour. Send `If-None-Match` to revalidate (304).
         */
        get: operations["listPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/entitlements/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a feature or quota, optionally consuming quota atomically
         * @description A plan feature answers `allowed` with `remaining: null`. A quota metric answers what is left this period; with `consume` it uses that much, all or nothing. `consume` on anything but a quota metric is 422. Works with an API key (`write` scope to POST). `Idempotency-Key` applies to consuming checks only.
         */
        post: operations["checkEntitlement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a subscription checkout
         * @description Returns the hosted checkout page for `plan` billed every `interval`. The plan takes effect when the provider's webhook confirms the payment. A user with a live subscription (active, trialing or past due) gets 409 whatever the plan, with a `changePlan` member naming `POST /v1/billing/change-plan`: a second checkout would bill two subscriptions. Needs a signed-in session.
         */
        post: operations["startCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open the billing portal
         * @description Returns the provider's page for changing the payment method, plan or canceling. 409 before any checkout. Needs a signed-in session.
         */
        post: operations["openBillingPortal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/change-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the plan of the live subscription
         * @description Moves the caller's live subscription to `plan` billed every `interval`: the same subscription, updated at the provider with proration (the unused time of the old price is credited, the new one charged pro rata on the next invoice; a change of interval is invoiced at once). 202 when the provider has changed it: the plan in force follows the provider's webhook, usually within seconds. 200 when it was already on that price. 409 without a live subscription (start a checkout) or while past due (settle it in the portal). Repeating a request is safe. Needs a signed-in session.
         */
        post: operations["changePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/email/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Confirmation page of an unsubscribe link (changes nothing)
         * @description Where a person's click on an email's unsubscribe link lands: a small page with one button that unsubscribes (a POST to the same URL). Link scanners open links too, so a GET never unsubscribes. JSON instead of HTML with `Accept: application/json`. No sign-in.
         */
        get: operations["readUnsubscribeLink"];
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058)
         * @description Mail clients POST `List-Unsubscribe=One-Click` (form-encoded) here from the `List-Unsubscribe` header; the confirmation page's button does the same. The signed token is the only authority: no sign-in. Idempotent. HTML for browsers (`Accept: text/html`).
         */
        post: operations["unsubscribeEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem document */
        Problem: {
            /**
             * Format: uri
             * @description `<server>/problems/<slug>`; `GET` it for a description
             * @enum {string}
             */
            type: "http://localhost:8000/problems/bad-request" | "http://localhost:8000/problems/malformed-json" | "http://localhost:8000/problems/unauthorized" | "http://localhost:8000/problems/forbidden" | "http://localhost:8000/problems/account-suspended" | "http://localhost:8000/problems/quota-exceeded" | "http://localhost:8000/problems/feature-not-in-plan" | "http://localhost:8000/problems/not-found" | "http://localhost:8000/problems/method-not-allowed" | "http://localhost:8000/problems/conflict" | "http://localhost:8000/problems/gone" | "http://localhost:8000/problems/idempotency-key-in-use" | "http://localhost:8000/problems/precondition-failed" | "http://localhost:8000/problems/payload-too-large" | "http://localhost:8000/problems/unsupported-media-type" | "http://localhost:8000/problems/validation-failed" | "http://localhost:8000/problems/idempotency-key-reused" | "http://localhost:8000/problems/rate-limited" | "http://localhost:8000/problems/internal" | "http://localhost:8000/problems/upstream" | "http://localhost:8000/problems/job-refused";
            title: string;
            status: number;
            detail: string;
            /** @description `urn:pitchey:request:<request id>` */
            instance: string;
        };
        /** @description A `422` naming each invalid field */
        ValidationProblem: {
            /**
             * Format: uri
             * @description `<server>/problems/<slug>`; `GET` it for a description
             * @enum {string}
             */
            type: "http://localhost:8000/problems/validation-failed";
            title: string;
            status: number;
            detail: string;
            /** @description `urn:pitchey:request:<request id>` */
            instance: string;
            /** @description Every invalid field, with what is wrong with it */
            errors: (components["schemas"]["BodyFieldError"] | components["schemas"]["ParameterError"])[];
        };
        BodyFieldError: {
            /** @description JSON pointer into the request body, e.g. `/title` */
            pointer: string;
            detail: string;
        };
        ParameterError: {
            /** @description The parameter's name, e.g. `limit` */
            parameter: string;
            /** @enum {string} */
            in: "query" | "path" | "header" | "cookie";
            detail: string;
        };
        /** @description A `403`: the plan's quota for `metric` is spent */
        QuotaProblem: {
            /**
             * Format: uri
             * @description `<server>/problems/<slug>`; `GET` it for a description
             * @enum {string}
             */
            type: "http://localhost:8000/problems/quota-exceeded";
            title: string;
            status: number;
            detail: string;
            /** @description `urn:pitchey:request:<request id>` */
            instance: string;
            /** @enum {string} */
            metric: "published-pitches" | "pitch-views" | "exports" | "boosts";
            /** @description What the plan allows */
            limit: number;
            /** @description What was used in the current window */
            used: number;
            /**
             * Format: date-time
             * @description When the window resets; null for a standing limit
             */
            resetsAt: string | null;
        };
        /** @description A `403`: the caller's plan lacks `feature` */
        FeatureProblem: {
            /**
             * Format: uri
             * @description `<server>/problems/<slug>`; `GET` it for a description
             * @enum {string}
             */
            type: "http://localhost:8000/problems/feature-not-in-plan";
            title: string;
            status: number;
            detail: string;
            /** @description `urn:pitchey:request:<request id>` */
            instance: string;
            /** @description The feature the plan lacks */
            feature: string;
            /** @description The caller's plan */
            plan: string;
        };
        /** @description Refused for now: retry after `retryAfter` seconds */
        RetryProblem: {
            /**
             * Format: uri
             * @description `<server>/problems/<slug>`; `GET` it for a description
             * @enum {string}
             */
            type: "http://localhost:8000/problems/rate-limited" | "http://localhost:8000/problems/idempotency-key-in-use";
            title: string;
            status: number;
            detail: string;
            /** @description `urn:pitchey:request:<request id>` */
            instance: string;
            /** @description Seconds to wait; the same as `Retry-After` */
            retryAfter: number;
        };
        DetailedHealth: {
            /** @enum {string} */
            status: "ok" | "degraded" | "unavailable";
            version: string;
            /** @description `COMMIT_SHA`, when set */
            commit?: string;
            /** @description `DENO_DEPLOYMENT_ID` on Deploy */
            deployment?: string;
            region: string;
            environment: string;
            uptimeSeconds: number;
            memory: {
                rssBytes?: number;
                heapUsedBytes?: number;
                heapTotalBytes?: number;
                /** @description Estimated bytes of the memory cache tier */
                cacheBytes: number;
                cacheEntries: number;
            };
            database: {
                driver: string;
                pools: {
                    /** @enum {string} */
                    role: "primary" | "replica";
                    total: number;
                    inUse: number;
                    waiting: number;
                    max: number;
                }[];
            };
            queue: {
                provider: string;
                outboxDepth?: number;
                oldestPendingAgeMs?: number;
                pendingFailedJobs?: number;
            };
            dependencies: {
                /** @example cache:redis */
                name: string;
                /** @example qstash */
                provider: string;
                /** @description An in-process stand-in: nothing to reach */
                inProcess: boolean;
                ok: boolean;
                latencyMs: number;
                /** @enum {string} */
                error?: "timeout" | "unreachable";
            }[];
        };
        Liveness: {
            /** @enum {string} */
            status: "ok";
            region: string;
        };
        Readiness: {
            /** @enum {string} */
            status: "ok" | "degraded" | "unavailable";
            region: string;
            database: {
                ok: boolean;
                driver: string;
                latencyMs: number;
                error?: string;
            };
            cache: {
                tier: string;
                ok: boolean;
                latencyMs: number;
                error?: string;
            }[];
            /** @description Absent when the database cannot be read */
            outbox?: {
                /** @description Jobs written but not yet handed to the queue */
                depth: number;
                /** @description Age of the oldest of them */
                oldestPendingAgeMs: number;
            };
        };
        DevMail: {
            id: string;
            to: string;
            subject: string;
            text: string;
            html: string | null;
            /** Format: date-time */
            sentAt: string;
        };
        AuthResult: {
            user: components["schemas"]["Account"];
            session: components["schemas"]["Session"];
        };
        Account: {
            /** @example usr_8dK2mQ4xVb7nT3cW9pLr */
            id: string;
            /** Format: email */
            email: string;
            name: string;
            /** @enum {string} */
            role: "creator" | "investor" | "admin";
            bio: string | null;
            avatarUrl: string | null;
            emailVerified: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Session: {
            /** @description Bearer token; shown once, never stored in clear */
            token: string;
            /** Format: date-time */
            expiresAt: string;
        };
        ProfileChanges: {
            name?: string;
            bio?: string | null;
            /**
             * Format: uri
             * @example https://cdn.example.com/avatar.png
             */
            avatarUrl?: string | null;
        };
        PasswordChange: {
            currentPassword: string;
            /** Format: password */
            newPassword: string;
        };
        CreatedApiKey: {
            id: string;
            name: string;
            prefix: string;
            /**
             * @description `["read"]` or `["read", "write"]`
             * @example [
             *       "read"
             *     ]
             */
            scopes: ("read" | "write")[];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description The full key, shown once: only its SHA-256 digest is stored
             * @example pk_AbCd12345...
             */
            key: string;
        };
        CreateApiKeyBody: {
            /** @example CI deploys */
            name: string;
            /**
             * @description `["read"]` or `["read", "write"]`
             * @example [
             *       "read"
             *     ]
             */
            scopes: ("read" | "write")[];
        };
        ApiKeyList: {
            items: components["schemas"]["ApiKey"][];
        };
        ApiKey: {
            /** @example key_8dK2mQ4xVb7nT3cW9pLr */
            id: string;
            name: string;
            /**
             * @description The first 12 characters of the key, to tell keys apart
             * @example pk_AbCd12345
             */
            prefix: string;
            /**
             * @description `["read"]` or `["read", "write"]`
             * @example [
             *       "read"
             *     ]
             */
            scopes: ("read" | "write")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
        };
        Export: {
            id: string;
            /** @enum {string} */
            kind: "pitch-performance" | "account-data";
            /** @enum {string} */
            format: "csv" | "json";
            /** @enum {string} */
            status: "queued" | "ready" | "failed";
            /** @description Records in the file once built: report lines, or for `account-data` the items of all its lists */
            rowCount: number | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            completedAt: string | null;
            /**
             * Format: date-time
             * @description When the file stops being downloadable (`EXPORT_TTL_DAYS` after it was built); null until `status` is `ready`
             */
            expiresAt: string | null;
            /** @description The file has expired and been (or will shortly be) deleted; its download is 410 */
            expired: boolean;
            /** @description Path of the download while `status` is `ready` and the file has not expired, else null */
            downloadUrl: string | null;
            /** @description Why the export failed, when `status` is `failed` (its quota unit was given back), else null */
            error: string | null;
        };
        RequestExportBody: {
            /** @enum {string} */
            kind: "pitch-performance" | "account-data";
            /**
             * @description `csv` (the default) or `json` for `pitch-performance`; `account-data` is `json` only, and its default
             * @enum {string}
             */
            format?: "csv" | "json";
        };
        ExportList: {
            items: components["schemas"]["Export"][];
        };
        PitchPage: {
            items: components["schemas"]["Pitch"][];
            nextCursor: string | null;
        };
        Pitch: {
            /** @example pit_4hQ9mZ2xVb7nT3cW9pLr */
            id: string;
            ownerId: string;
            title: string;
            logline: string;
            synopsis: string;
            /** @enum {string} */
            genre: "drama" | "comedy" | "thriller" | "horror" | "sci-fi" | "fantasy" | "documentary" | "animation" | "action" | "romance" | "other";
            /** @enum {string} */
            format: "feature" | "series" | "short" | "podcast" | "other";
            tags: string[];
            /** @enum {string|null} */
            budgetRange: "under-100k" | "100k-1m" | "1m-10m" | "10m-50m" | "over-50m" | null;
            deckUrl: string | null;
            /** @enum {string} */
            visibility: "public" | "unlisted" | "private";
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            viewCount: number;
            saveCount: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            publishedAt: string | null;
            version: number;
            moderation?: components["schemas"]["PitchModeration"];
        };
        /** @description Present while an administrator hides the pitch from everyone but its owner */
        PitchModeration: {
            /** @enum {boolean} */
            hidden: true;
            reason: string;
            /** Format: date-time */
            hiddenAt: string;
        };
        PublicProfilePage: {
            items: components["schemas"]["PublicProfile"][];
            nextCursor: string | null;
        };
        PublicProfile: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "creator" | "investor" | "admin";
            bio: string | null;
            avatarUrl: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        Entitlements: {
            /** @enum {string} */
            plan: "free" | "pro" | "studio";
            /** @description "free", the provider status, or "unknown" */
            status: string;
            features: components["schemas"]["PlanFeatures"];
            limits: components["schemas"]["PlanLimits"];
            /** Format: date-time */
            graceUntil: string | null;
            usage: {
                "pitch-views"?: {
                    /** @description null when usage could not be read */
                    used: number | null;
                    limit: number | null;
                    /** Format: date-time */
                    resetsAt: string | null;
                };
                exports?: {
                    /** @description null when usage could not be read */
                    used: number | null;
                    limit: number | null;
                    /** Format: date-time */
                    resetsAt: string | null;
                };
                boosts?: {
                    /** @description null when usage could not be read */
                    used: number | null;
                    limit: number | null;
                    /** Format: date-time */
                    resetsAt: string | null;
                };
                "published-pitches"?: {
                    /** @description null when usage could not be read */
                    used: number | null;
                    limit: number | null;
                    /** Format: date-time */
                    resetsAt: string | null;
                };
            };
        };
        PlanFeatures: {
            analytics: boolean;
            teamFeatures: boolean;
        };
        /** @description `null` is unlimited */
        PlanLimits: {
            publishedPitches: number | null;
            monthlyPitchViews: number | null;
            monthlyExports: number | null;
            apiRequestsPerMinute: number;
            dailyBoosts: number;
        };
        AdminUser: {
            id: string;
            /** Format: email */
            email: string;
            name: string;
            /** @enum {string} */
            role: "creator" | "investor" | "admin";
            emailVerified: boolean;
            /** Format: date-time */
            createdAt: string;
            suspension: components["schemas"]["Suspension"];
        };
        /** @description Null unless the account is suspended */
        Suspension: {
            reason: string;
            /** @description The administrator's user id */
            suspendedBy: string | null;
            /** Format: date-time */
            suspendedAt: string;
        } | null;
        AdminUserDetail: components["schemas"]["AdminUser"] & {
            /**
             * @description The plan in force now, after grace periods and cancellations
             * @enum {string}
             */
            plan: "free" | "pro" | "studio";
            /** @description "free" without a subscription, else the provider's status ("active", ...) */
            planStatus: string;
            /** @description The provider's subscription as last applied */
            subscription: {
                /** @enum {string} */
                plan: "pro" | "studio";
                status: string;
                /** Format: date-time */
                currentPeriodEnd: string | null;
                cancelAtPeriodEnd: boolean;
                /** Format: date-time */
                graceUntil: string | null;
            } | null;
        };
        FailedJob: {
            id: string;
            /** @description The queue's message id of the failed deliveries */
            messageId: string;
            jobName: string;
            /** @description Why the last delivery failed, safe to show */
            error: string;
            attempts: number;
            /** Format: date-time */
            failedAt: string;
            /** @enum {string} */
            status: "pending" | "retried" | "discarded";
            /** Format: date-time */
            resolvedAt: string | null;
            /** @description The outbox row of the retry, once retried */
            retryOutboxId: string | null;
        };
        NewPitch: {
            title: string;
            logline: string;
            /** @description Default: `""`. */
            synopsis?: string;
            /** @enum {string} */
            genre: "drama" | "comedy" | "thriller" | "horror" | "sci-fi" | "fantasy" | "documentary" | "animation" | "action" | "romance" | "other";
            /** @enum {string} */
            format: "feature" | "series" | "short" | "podcast" | "other";
            /** @description Default: `[]`. */
            tags?: string[];
            /**
             * @description Default: `null`.
             * @enum {string|null}
             */
            budgetRange?: "under-100k" | "100k-1m" | "1m-10m" | "10m-50m" | "over-50m" | null;
            /** @description Default: `null`. */
            deckUrl?: string | null;
            /**
             * @description Default: `"public"`.
             * @enum {string}
             */
            visibility?: "public" | "unlisted" | "private";
        };
        PitchChanges: {
            title?: string;
            logline?: string;
            synopsis?: string;
            /** @enum {string} */
            genre?: "drama" | "comedy" | "thriller" | "horror" | "sci-fi" | "fantasy" | "documentary" | "animation" | "action" | "romance" | "other";
            /** @enum {string} */
            format?: "feature" | "series" | "short" | "podcast" | "other";
            tags?: string[];
            /** @enum {string|null} */
            budgetRange?: "under-100k" | "100k-1m" | "1m-10m" | "10m-50m" | "over-50m" | null;
            deckUrl?: string | null;
            /** @enum {string} */
            visibility?: "public" | "unlisted" | "private";
        };
        BoostResult: {
            pitchId: string;
            boostsRemaining: number;
            /** Format: date-time */
            resetsAt: string;
        };
        PitchAnalytics: {
            pitchId: string;
            viewCount: number;
            saveCount: number;
            daily: {
                /** Format: date */
                date: string;
                views: number;
            }[];
        };
        PlanList: {
            items: components["schemas"]["Plan"][];
        };
        Plan: {
            /** @enum {string} */
            id: "free" | "pro" | "studio";
            name: string;
            features: components["schemas"]["PlanFeatures"];
            limits: components["schemas"]["PlanLimits"];
            prices: {
                month: {
                    /** @description US cents, for display */
                    amount: number;
                    /** @enum {string} */
                    currency: "usd";
                    /** @description The payment provider's price id, for checkout */
                    priceId: string;
                };
                year: {
                    /** @description US cents, for display */
                    amount: number;
                    /** @enum {string} */
                    currency: "usd";
                    /** @description The payment provider's price id, for checkout */
                    priceId: string;
                };
            } | null;
        };
        EntitlementCheckResult: {
            /** @enum {string} */
            feature: "analytics" | "teamFeatures" | "pitch-views" | "exports" | "boosts" | "published-pitches";
            allowed: boolean;
            remaining: number | null;
            /** Format: date-time */
            resetsAt: string | null;
        };
        EntitlementCheck: {
            /** @enum {string} */
            feature: "analytics" | "teamFeatures" | "pitch-views" | "exports" | "boosts" | "published-pitches";
            /** @description Units of a metered quota to use up atomically; only for quota metrics */
            consume?: number;
        };
        HostedPage: {
            /**
             * Format: uri
             * @description Send the browser here
             */
            url: string;
        };
        CheckoutRequest: {
            /** @enum {string} */
            plan: "pro" | "studio";
            /** @enum {string} */
            interval: "month" | "year";
        };
        PlanChange: {
            /**
             * @description `pending`: the provider moved the subscription to the new price; the plan in force (`GET /v1/me/entitlements`) follows when its webhook arrives. `unchanged`: the subscription was already on that price
             * @enum {string}
             */
            status: "pending" | "unchanged";
            /** @enum {string} */
            plan: "pro" | "studio";
            /** @enum {string} */
            interval: "month" | "year";
        };
        PlanChangeRequest: {
            /** @enum {string} */
            plan: "pro" | "studio";
            /** @enum {string} */
            interval: "month" | "year";
        };
        UnsubscribeResult: {
            /** @enum {string} */
            category: "pitch-published" | "new-follower" | "weekly-digest";
            unsubscribed: boolean;
        };
    };
    responses: {
        /** @description Malformed request: invalid JSON, a forged cursor, a bad signature */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Missing, invalid, expired or revoked credential */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not allowed for this caller: role, read-only key, cookie from a foreign origin, or the plan's quota or features (`QuotaProblem`, `FeatureProblem`) */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["QuotaProblem"] | components["schemas"]["FeatureProblem"] | components["schemas"]["Problem"];
            };
        };
        /** @description Not found, or not visible to this caller */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Conflicts with the current state */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["RetryProblem"] | components["schemas"]["Problem"];
            };
        };
        /** @description No longer available, and never will be again */
        Gone: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `If-Match` does not match the current `ETag` */
        PreconditionFailed: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Request body over 1 MiB */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A body in anything but JSON */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Validation failed (`ValidationProblem`) */
        ValidationFailed: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ValidationProblem"] | components["schemas"]["Problem"];
            };
        };
        /** @description Too many requests: wait `Retry-After` seconds */
        TooManyRequests: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                /** @description Seconds to wait before retrying. */
                "Retry-After": number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["RetryProblem"];
            };
        };
        /** @description A job that can never succeed (QStash stops retrying it: `Upstash-NonRetryable-Error`) */
        JobRefused: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Unexpected error; quote the request id */
        InternalError: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A dependency is unavailable; retry after `Retry-After` */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
         * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
         */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /** @description The request's id: the client's own when it sent a sane one, else generated. On every response and log line; quote it when reporting an error. */
        XRequestId: string;
        /** @description Quota left per policy (draft-ietf-httpapi-ratelimit-headers), e.g. `"api-ip";r=299;t=42`: `r` requests left, `t` seconds until the window resets. On every rate-limited route when limits are enabled. */
        RateLimit: string;
        /** @description The policies that apply, e.g. `"api-ip";q=300;w=60`: `q` requests per `w` seconds. */
        RateLimitPolicy: string;
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
        /** @description Strong entity tag of the representation; send it back in `If-None-Match` or `If-Match`. */
        ETag: string;
        /** @description The URL of the resource created, or to poll for the work accepted. */
        Location: string;
        /** @description The RFC 6750 challenge, e.g. `Bearer error="invalid_token"`. */
        WWWAuthenticate: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getDetailedHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Answered (`degraded` when a dependency other than the database fails) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DetailedHealth"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
            /** @description The database cannot be reached */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DetailedHealth"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready (`degraded` when only the cache fails) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            /** @description The database cannot be reached */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    signUp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    /** Format: password */
                    password: string;
                    name: string;
                    /** @enum {string} */
                    role: "creator" | "investor";
                };
            };
        };
        responses: {
            /** @description Account created */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    logIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    logOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the session cookie is cleared */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Token from the link */
                    token: string;
                };
            };
        };
        responses: {
            /** @description Email verified; the account as it is now */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["Account"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resendVerificationEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; a link is on its way unless the email is already verified */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted";
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Accepted; a link is sent if an account has this email */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Token from the link */
                    token: string;
                    /** Format: password */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Password changed; sign in again with it */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "password-changed";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted; the session cookie is cleared */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfileChanges"];
            };
        };
        responses: {
            /** @description The updated account */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description The new session; every other credential is revoked */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        session: components["schemas"]["Session"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active keys, without the keys themselves */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyBody"];
            };
        };
        responses: {
            /** @description Created; store `key` now, it cannot be shown again */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked; the key fails from the next request on */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listExports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The exports, without their content */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    requestExport: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestExportBody"];
            };
        };
        responses: {
            /** @description Accepted; the export is queued */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Export"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Export"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    downloadExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    "Content-Disposition"?: string;
                    "Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSavedPitches: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page; opaque */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of saved pitches */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PitchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listFollowing: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page; opaque */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of public profiles */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicProfilePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getFeed: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page; opaque */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of pitches */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PitchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMyEntitlements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entitlements */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entitlements"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMyPitches: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page, with the same query */
                cursor?: string;
                status?: "draft" | "published" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the caller's pitches */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PitchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public profile */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicProfile"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    followUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Followed */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unfollowUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not followed (any more) */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                role?: "creator" | "investor" | "admin";
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AdminUser"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAdminUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user, with the plan in force and the subscription */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changeUserRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "creator" | "investor" | "admin";
                };
            };
        };
        responses: {
            /** @description The updated user */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    findUserByEmail: {
        parameters: {
            query: {
                email: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user, with the plan in force and the subscription */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    suspendUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The user as now stored */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unsuspendUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user as now stored */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    hidePitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The pitch as its owner now sees it */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unhidePitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pitch as its owner now sees it */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listFailedJobs: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "pending" | "retried" | "discarded";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of failed jobs */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["FailedJob"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    retryFailedJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Enqueued again; the failed job as now marked */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FailedJob"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    discardFailedJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Discarded */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPitches: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page, with the same query */
                cursor?: string;
                genre?: "drama" | "comedy" | "thriller" | "horror" | "sci-fi" | "fantasy" | "documentary" | "animation" | "action" | "romance" | "other";
                format?: "feature" | "series" | "short" | "podcast" | "other";
                tag?: string;
                ownerId?: string;
                /** @description Web-search syntax: words, "quoted phrases", -excluded, or. At most 8 words of at most 40 characters (more is 422, never cut). A search sorts and pages through at most 500 matches, the newest first. Searches have their own per-address budget (`RateLimit-Policy` "search-ip"). */
                q?: string;
                /** @description `new` by default, `relevance` by default when `q` is given */
                sort?: "new" | "trending" | "relevance";
            };
            header?: {
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of pitches */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    /** @description Public for anonymous callers */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PitchPage"];
                };
            };
            /** @description The page is unchanged since the `ETag` sent */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    /** @description Public for anonymous callers */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPitch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewPitch"];
            };
        };
        responses: {
            /** @description The draft; `Location` is its URL */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPitch: {
        parameters: {
            query?: never;
            header?: {
                "if-none-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pitch */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            /** @description Not modified: the ETag sent is current */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deletePitch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply only if the pitch still has this ETag (or `*`); else 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updatePitch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply only if the pitch still has this ETag (or `*`); else 412 */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PitchChanges"];
            };
        };
        responses: {
            /** @description The changed pitch with its new ETag */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    publishPitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The published pitch */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    archivePitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archived pitch */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pitch"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    savePitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Saved */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unsavePitch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not saved (any more) */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    boostPitch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Boosted */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BoostResult"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPitchAnalytics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The analytics */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PitchAnalytics"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPlans: {
        parameters: {
            query?: never;
            header?: {
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every plan, free first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanList"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    checkEntitlement: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntitlementCheck"];
            };
        };
        responses: {
            /** @description The answer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntitlementCheckResult"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startCheckout: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a new random key (a UUID v4) per operation, and the same key when retrying it. For 24 hours per user, a retry with the same key and body gets the first response again, with `Idempotent-Replayed: true`, and does nothing twice. The same key with another body or path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 `idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutRequest"];
            };
        };
        responses: {
            /** @description The checkout page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostedPage"];
                };
            };
            /** @description Malformed request, or a malformed `Idempotency-Key` */
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflicts with existing state, or a request with this `Idempotency-Key` is still running (`idempotency-key-in-use`; retry after `Retry-After`) */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Validation failed, or this `Idempotency-Key` was used with another request (`idempotency-key-reused`) */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    openBillingPortal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The portal page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostedPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changePlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanChangeRequest"];
            };
        };
        responses: {
            /** @description Already on that plan and interval */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanChange"];
                };
            };
            /** @description Changed at the provider; applied here when its webhook arrives */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            /** @description The payment provider did not answer; retry after `Retry-After` */
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    readUnsubscribeLink: {
        parameters: {
            query: {
                /** @description The token from the email's link */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page (or its JSON, with `unsubscribed: false`) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                    "application/json": components["schemas"]["UnsubscribeResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unsubscribeEmail: {
        parameters: {
            query: {
                /** @description The token from the email's link */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unsubscribed from the link's category */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsubscribeResult"];
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
