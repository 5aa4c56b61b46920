import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { notIssued, readCursor, signCursor } from "../shared/signed_cursor.ts";
import { keysetPage } from "../shared/keyset_page.ts";
import { type AdminUserView, toAdminUserView } from "./admin_user_view.ts";
import type { UserRole } from "../../lib/enums.ts";

export interface ListUsersInput {
  limit: number;
  cursor?: string;
  role?: UserRole;
  /** Case-insensitive substring of the email or name. */
  q?: string;
}

/** Users newest first, keyset-paginated on (created_at, id) so pages never skip or repeat. */
export async function listUsers(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "signer">; input: ListUsersInput },
): Promise<{ items: AdminUserView[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.role) filters.push(eq(users.role, input.role));
  if (input.q) {
    const pattern = `%${input.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    filters.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  if (input.cursor !== undefined) {
    const [at, id] = await readCursor(ctx, input.cursor, 2);
    const createdAt = new Date(typeof at === "string" ? at : Number.NaN);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== "string") throw notIssued(input.cursor);
    filters.push(
      or(lt(users.createdAt, createdAt), and(eq(users.createdAt, createdAt), lt(users.id, id)))!,
    );
  }
  const rows = await ctx.db.select().from(users)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows,
    input.limit,
    toAdminUserView,
    (last) => signCursor(ctx, [last.createdAt.toISOString(), last.id]),
  );
}
