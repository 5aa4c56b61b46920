/**
 * The document's top-level tags, in the order a reader meets them: get an account, work with
 * pitches and people, pay, then the operator's and the platform's own routes. Every operation
 * names exactly one of these (a test walks the document). Object keys keep their insertion order.
 */
const TAG_DESCRIPTIONS = {
  Auth: "Sign up, log in and out, verify an email address, reset a password. Sign-up and login " +
    "answer a session token and also set the session cookie for browsers.",
  Account: "The signed-in user's own account: profile, password, deletion.",
  Pitches:
    "Create, edit, publish, archive, boost and read pitches; the public list and full-text " +
    "search (keyset pages); a creator's own pitches and their analytics.",
  Saves: "Pitches a user saved for later.",
  Follows: "Following creators, and the feed of what they publish.",
  Users: "Public profiles (never an email address).",
  Plans: "The plans on offer, the caller's entitlements, and quota checks.",
  Billing: "Checkout, the billing portal and plan changes (Stripe, or offline stand-ins).",
  "API keys": "Long-lived `pk_...` credentials for scripts: read-only or read-write.",
  Exports: "Account data and report exports, built in the background and downloaded once ready.",
  Email: "One-click unsubscribe links from notification emails.",
  Admin: "Operators only (`admin` role): users and failed jobs.",
  Health: "Liveness and readiness probes for load balancers.",
  Development:
    "Offline stand-ins for hosted pages (checkout, billing portal, mail). Absent in production " +
    "(`x-internal`).",
  Internal:
    "Called by other systems, never by a front end: QStash job deliveries and Stripe webhooks, " +
    "each verified by signature (`x-internal`).",
};

export const API_TAGS = Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({
  name,
  description,
}));

export type ApiTagName = keyof typeof TAG_DESCRIPTIONS;

/** Tags whose operations are marked `x-internal: true`: not for front ends or client generators. */
export const INTERNAL_TAGS: ReadonlySet<string> = new Set(["Development", "Internal"]);
