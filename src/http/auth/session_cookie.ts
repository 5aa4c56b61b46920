import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** The browser session cookie. `HttpOnly` keeps it from scripts; `SameSite=Lax` from most CSRF. */
export const SESSION_COOKIE = "pitchey_session";

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    expires: expiresAt,
  });
}

/**
 * The `Set-Cookie` value that expires the session cookie, for answers built outside the context
 * (a 401 problem response carries it as a header of its error).
 */
export const EXPIRED_SESSION_COOKIE =
  `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`;

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}
