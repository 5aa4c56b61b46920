import type { Ctx } from "../../context.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { users } from "../../db/tables/users.ts";
import { newId } from "../../lib/ids.ts";
import { queueEmail } from "../email/queue_email.ts";
import { welcomeEmail } from "../email/templates/welcome_email.ts";
import { ConflictError } from "../../ports/errors.ts";
import { createSession, type IssuedSession } from "./create_session.ts";
import { issueOneTimeToken } from "./issue_one_time_token.ts";
import { type AccountView, normalizeEmail, toAccountView } from "./user_view.ts";
import type { UserRole } from "../../lib/enums.ts";

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  role: Exclude<UserRole, "admin">;
  userAgent: string | undefined;
}

/**
 * Creates an account and its first session, and queues the welcome email with a verification link,
 * all in one transaction: the email is an outbox row, so a queue outage cannot lose it (it is
 * published once the queue works again) nor fail the sign-up. The unique index on the normalised
 * email decides duplicates, so of two concurrent sign-ups with one address exactly one succeeds.
 */
export async function signUp(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "passwords" | "clock" | "outbox" | "settings">;
    input: SignUpInput;
  },
): Promise<{ user: AccountView; session: IssuedSession }> {
  const email = normalizeEmail(input.email);
  const passwordHash = await ctx.passwords.hash(input.password);
  const now = ctx.clock.now();
  let result: { user: AccountView; session: IssuedSession };
  try {
    result = await withTransaction(ctx, async (txCtx) => {
      const tx = txCtx.db;
      const [row] = await tx.insert(users).values({
        id: newId("usr"),
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      }).returning();
      const user = toAccountView(row!);
      const session = await createSession({
        ctx: txCtx,
        input: { userId: user.id, userAgent: input.userAgent },
      });
      const verifyToken = await issueOneTimeToken({
        ctx: txCtx,
        input: { userId: user.id, purpose: "verify-email" },
      });
      await queueEmail({
        ctx: txCtx,
        input: {
          email: welcomeEmail({
            appUrl: ctx.settings.appUrl,
            to: email,
            name: user.name,
            verifyToken,
          }),
        },
      });
      return { user, session };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new ConflictError(`An account with email "${email}" already exists`);
    }
    throw error;
  }
  return result;
}
