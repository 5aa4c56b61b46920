/** How long a past-due subscription keeps its plan while the provider retries the payment. */
export const PAST_DUE_GRACE_MS = 7 * 24 * 60 * 60_000;
