import type { Ctx } from "../../context.ts";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "../../lib/email_categories.ts";

const PURPOSE = "unsubscribe";
const SHAPE = /^([A-Za-z0-9_]{1,64})\.([a-z-]{1,40})\.([A-Za-z0-9_-]{16,100})$/;

/**
 * The token of an unsubscribe link: `<user id>.<category>.<signature>`, the signature an HMAC
 * over the first two with the server secret (`APP_SECRET`). It never expires (a link in an old
 * email must still work) and needs no storage; rotating the secret retires every link.
 */
export async function signUnsubscribeToken(
  { ctx, input }: {
    ctx: Pick<Ctx, "signer">;
    input: { userId: string; category: NotificationCategory };
  },
): Promise<string> {
  const data = `${input.userId}.${input.category}`;
  return `${data}.${await ctx.signer.sign(PURPOSE, data)}`;
}

/** The user and category of a genuine token; undefined for anything else. */
export async function readUnsubscribeToken(
  { ctx, input }: { ctx: Pick<Ctx, "signer">; input: { token: string } },
): Promise<{ userId: string; category: NotificationCategory } | undefined> {
  const match = SHAPE.exec(input.token);
  if (!match) return undefined;
  const [, userId, category, signature] = match as unknown as [string, string, string, string];
  if (!(NOTIFICATION_CATEGORIES as readonly string[]).includes(category)) return undefined;
  const genuine = await ctx.signer.verify(PURPOSE, `${userId}.${category}`, signature);
  return genuine ? { userId, category: category as NotificationCategory } : undefined;
}

/**
 * The one-click unsubscribe URL for notifications of `category` to `userId`. It points at the
 * API (`PUBLIC_URL`), not the front end: mail clients POST to it (RFC 8058) and a person's click
 * gets a confirmation page from it, so it works with no front end at all.
 */
export async function unsubscribeUrl(
  { ctx, input }: {
    ctx: Pick<Ctx, "signer" | "settings">;
    input: { userId: string; category: NotificationCategory };
  },
): Promise<string> {
  const token = await signUnsubscribeToken({ ctx, input });
  return `${ctx.settings.publicUrl}/v1/email/unsubscribe?token=${encodeURIComponent(token)}`;
}
