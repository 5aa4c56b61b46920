import type { users } from "../../db/tables/users.ts";

type UserRow = typeof users.$inferSelect;

/** The account as its owner sees it (`GET /v1/me`). */
export interface AccountView {
  id: string;
  email: string;
  name: string;
  role: UserRow["role"];
  bio: string | null;
  avatarUrl: string | null;
  emailVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The public profile anyone may see: never the email or anything about credentials. */
export interface PublicProfileView {
  id: string;
  name: string;
  role: UserRow["role"];
  bio: string | null;
  avatarUrl: string | null;
  createdAt: string;
}

export function toAccountView(row: UserRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPublicProfileView(row: UserRow): PublicProfileView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Emails are compared and stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
