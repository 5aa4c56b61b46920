import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** Sent when a renewal payment fails: the plan stays until `graceUntil`, then drops to free. */
export function paymentFailedEmail(
  input: { appUrl: string; to: string; name: string; graceUntil: Date | null },
): OutgoingEmail {
  const until = input.graceUntil?.toISOString().slice(0, 10);
  return {
    to: input.to,
    tag: "payment-failed",
    category: "transactional",
    subject: "Your Pitchey payment failed",
    ...renderEmail({
      name: input.name,
      intro: [
        "We could not collect the latest payment for your Pitchey subscription.",
        until
          ? `Your plan stays active until ${until} (UTC). To keep it, update your payment method.`
          : "To keep your plan, update your payment method.",
      ],
      action: { label: "Update your payment method", url: `${input.appUrl}/billing` },
      outro: ["If the payment goes through before then, nothing changes."],
    }),
  };
}
