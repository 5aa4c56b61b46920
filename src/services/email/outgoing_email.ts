import type { EmailCategory } from "../../lib/email_categories.ts";

/**
 * A rendered email as the `send-email` job carries it: what the mailer sends, plus what the job
 * needs to decide whether to send it (its category and, for notifications, the recipient's id for
 * opt-outs and the daily cap).
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A short label for logs and metrics ("welcome", "new-follower"); never the content. */
  tag: string;
  category: EmailCategory;
  /** The recipient's account; required for notifications. */
  userId?: string;
  headers?: Record<string, string>;
}
