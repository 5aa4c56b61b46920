/** One outgoing email. `text` is required so every message reads in any client. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A short label for logs and metrics ("welcome", "password-reset"); never the content. */
  tag: string;
}

/**
 * Sends transactional email. Contract: resolves with the provider's message id once accepted;
 * throws an `UpstreamError` on refusal. Called from background jobs, never on a request's path.
 */
export interface Mailer {
  readonly name: string;
  send(message: EmailMessage): Promise<{ id: string }>;
}
