import type { OutgoingEmail } from "../outgoing_email.ts";
import { renderEmail } from "./layout.ts";

/** A payment receipt, sent when an invoice is paid (never for a zero amount). */
export function receiptEmail(
  input: {
    appUrl: string;
    to: string;
    name: string;
    /** In the currency's minor unit (cents), as the provider reports it. */
    amountPaid: number;
    /** ISO 4217 code, any case ("usd"). */
    currency: string;
    /** The provider's invoice number, when it has one. */
    invoiceNumber: string | null;
    paidAt: Date;
    /** Display name of the plan paid for, when known. */
    planName: string | null;
  },
): OutgoingEmail {
  const amount = formatMoney(input.amountPaid, input.currency);
  const what = input.planName ? `your Pitchey ${input.planName} subscription` : "Pitchey";
  return {
    to: input.to,
    tag: "receipt",
    category: "transactional",
    subject: `Your Pitchey receipt: ${amount}`,
    ...renderEmail({
      name: input.name,
      intro: [
        `Thank you: we received ${amount} for ${what} on ${
          input.paidAt.toISOString().slice(0, 10)
        } (UTC).`,
        ...(input.invoiceNumber ? [`Invoice number: ${input.invoiceNumber}`] : []),
      ],
      action: { label: "See your invoices", url: `${input.appUrl}/billing` },
    }),
  };
}

/** `1900, "usd"` -> `$19.00`; the currency's own number of decimals (none for JPY). */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    // An unknown code: still say what was paid.
    return `${(minor / 100).toFixed(2)} ${code}`;
  }
}
