import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** Sent when the plan in force changes: an upgrade, a downgrade, or the end of a subscription. */
export function planChangedEmail(
  input: {
    appUrl: string;
    to: string;
    name: string;
    /** Display names of the plans ("Free", "Pro"). */
    fromPlan: string;
    toPlan: string;
  },
): OutgoingEmail {
  return {
    to: input.to,
    tag: "plan-changed",
    category: "transactional",
    subject: `Your Pitchey plan is now ${input.toPlan}`,
    ...renderEmail({
      name: input.name,
      intro: [
        `Your plan changed from ${input.fromPlan} to ${input.toPlan}. ` +
        "Your limits and features follow the new plan from now on.",
      ],
      action: { label: "See your plan and billing", url: `${input.appUrl}/billing` },
      outro: ["If you did not make this change, reply to this email."],
    }),
  };
}
