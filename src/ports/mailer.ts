/** One outgoing email. `text` is required so every message reads in any client. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A short label for logs and metrics ("welcome", "password-reset"); never the content. */
  tag: string;
  /** Extra message headers (`List-Unsubscribe`, `List-Unsubscribe-Post`). */
  headers?: Record<string, string>;
  /**
   * The same key is sent once: a retry with it returns the first message's id instead of
   * sending again (within the provider's window; Resend keeps keys 24 hours). Jobs pass the
   * queue's message id, so a redelivery after a lost answer does not send twice.
   */
  idempotencyKey?: string;
}

/** A message as a keeping mailer remembers it. */
export interface SentEmail extends EmailMessage {
  id: string;
  /** When it was accepted, epoch ms. */
  sentAt: number;
}

/**
 * Sends email. Contract: resolves with the provider's message id once accepted; throws an
 * `UpstreamError` when the provider cannot be reached, times out, throttles or fails (a retry may
 * succeed), and an `EmailRejectedError` when it refuses this message for good (invalid address or
 * fields: retrying the same message cannot succeed). Messages never carry secrets of ours, and
 * errors never quote the provider key. Called from background jobs, never on a request's path.
 */
export interface Mailer {
  readonly name: string;
  send(message: EmailMessage): Promise<{ id: string }>;
  /**
   * One round trip to the provider for `GET /health/detailed`; throws when it cannot be reached
   * in time. Absent for mailers that keep mail in process.
   */
  ping?(): Promise<void>;
}

/**
 * A mailer that keeps what it "sent" for people to read (the dev mailer): `GET /dev/mail` exists
 * only when the configured mailer is one.
 */
export interface Mailbox {
  /** The messages kept, newest first. */
  recent(): SentEmail[];
}

/** Whether `mailer` keeps its messages for reading (`GET /dev/mail`). */
export function isMailbox(mailer: Mailer): mailer is Mailer & Mailbox {
  return typeof (mailer as Partial<Mailbox>).recent === "function";
}
