import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../contract/bff.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { ActiveSession, SessionStore } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, once a guard has checked the session cookie. */
    auth: ActiveSession | null;
  }
}

export const SESSION_COOKIE = 'dc_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isMutating = (method: string) => !SAFE_METHODS.has(method);

/** The request reached us over TLS, directly or through a proxy that terminated it. */
export function overTls(req: FastifyRequest): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0].trim();
  return proto === 'https' || req.protocol === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string): void {
  reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', path: '/', secure: overTls(req) });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: overTls(req) });
}

export const sessionId = (req: FastifyRequest): string | undefined => req.cookies[SESSION_COOKIE];

const forbidden = (message: string) => new ModelArtsError('0108', message);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * A browser names the page that sent a request in Origin (or Referer); a mutating request from another
 * site is refused even before its CSRF token is looked at. Clients that send neither (curl) pass on.
 */
export function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin ?? req.headers.referer;
  if (origin === undefined) return;
  const host = hostOf(origin);
  const allowed = [req.headers.host, req.headers['x-forwarded-host']].flat().filter(Boolean);
  if (!host || !allowed.includes(host)) throw forbidden('Cross-site request refused');
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The checks every protected route shares, in this order: signed in (401 ModelArts.4630), then for
 * mutations same origin and the session's CSRF token in `x-csrf-token` (403 ModelArts.0108), then role.
 */
export function authorize(req: FastifyRequest, sessions: SessionStore, roles?: readonly Role[]): ActiveSession {
  const session = sessions.get(sessionId(req));
  if (!session) throw new ModelArtsError('4630', 'Not logged in or the session has expired');
  req.auth = session;
  if (isMutating(req.method)) {
    checkOrigin(req);
    if (!tokenMatches(req.headers['x-csrf-token'], session.csrfToken)) throw forbidden('Missing or invalid CSRF token');
  }
  if (roles && !roles.includes(session.role)) throw forbidden('Your role does not allow this operation');
  return session;
}

/** `authorize` as a preHandler hook. */
export const guard = (sessions: SessionStore, roles?: readonly Role[]) => async (req: FastifyRequest) => {
  authorize(req, sessions, roles);
};
