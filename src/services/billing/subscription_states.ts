/**
 * Statuses in which a subscription bills and its plan is (still) in force. A user has at most one
 * such subscription: a plan change moves it to another price, a second checkout is refused.
 */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(["active", "trialing", "past_due"]);
