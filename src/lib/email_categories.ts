/**
 * What kind of mail a message is, which decides whether the recipient may opt out of it and
 * whether it counts against the per-user daily cap. The database stores the opt-out categories and
 * unsubscribe links name them, so they live here where every layer may import them.
 */

/**
 * Mail a user asked for or needs to use the service: never unsubscribable. `security` (verify,
 * reset) is also never capped; it has its own rate limits. `transactional` (billing, exports) is
 * bounded by what triggers it (payments, the export quota) and is not capped either.
 */
export const REQUIRED_EMAIL_CATEGORIES = ["security", "transactional"] as const;

/**
 * Notifications: each carries a one-click unsubscribe link (RFC 8058), is skipped for a user who
 * opted out of its category, and counts against the daily cap.
 */
export const NOTIFICATION_CATEGORIES = [
  "pitch-published",
  "new-follower",
  "weekly-digest",
] as const;

export type RequiredEmailCategory = (typeof REQUIRED_EMAIL_CATEGORIES)[number];
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];
export type EmailCategory = RequiredEmailCategory | NotificationCategory;

export const EMAIL_CATEGORIES: readonly EmailCategory[] = [
  ...REQUIRED_EMAIL_CATEGORIES,
  ...NOTIFICATION_CATEGORIES,
];

/** Whether mail of `category` may be unsubscribed from and is capped. */
export function isNotification(category: EmailCategory): category is NotificationCategory {
  return (NOTIFICATION_CATEGORIES as readonly string[]).includes(category);
}
