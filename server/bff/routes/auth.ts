import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginBody, Session } from '../../contract/bff.js';
import { ModelArtsError } from '../../contract/errors.js';
import { authorize, checkOrigin, clearSessionCookie, sessionId, setSessionCookie } from '../auth/guard.js';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.js';
import type { ActiveSession } from '../auth/sessions.js';
import type { BffContext, BffRouteOptions } from '../context.js';

/** Failed sign-ins allowed per window, per client address and per username. */
export interface LoginLimits {
  perIp: number;
  perUser: number;
  windowMs: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perUser: 10, windowMs: 15 * 60_000 };

const INVALID_LOGIN = 'Invalid username or password';

function sessionBody(ctx: BffContext, session: ActiveSession): Session {
  return {
    user: { username: session.username, role: session.role, ...(session.email ? { email: session.email } : {}) },
    project_id: ctx.upstream.projectId,
    upstream: ctx.upstream.kind,
    csrf_token: session.csrfToken,
  };
}

/** `/bff/login`, `/bff/logout`, `/bff/session`. */
export const authRoutes: FastifyPluginAsyncZod<BffRouteOptions & { limits: LoginLimits }> = async (app, { ctx, limits }) => {
  // Only failures count, so a team signing in from one office is not locked out by its own successes.
  const byIp = app.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: (req) => `ip:${req.ip}` });
  const byUser = app.createRateLimit({
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (req: FastifyRequest) => `user:${(req.body as LoginBody).username.toLowerCase()}`,
  });

  app.post('/bff/login', { schema: { body: LoginBody, response: { 200: Session } } }, async (req, reply) => {
    checkOrigin(req);
    const [ip, user] = await Promise.all([byIp(req, { increment: false }), byUser(req, { increment: false })]);
    const blocked = [ip, user].find((l) => !l.isAllowed && l.remaining === 0);
    if (blocked && !blocked.isAllowed) {
      reply.header('retry-after', blocked.ttlInSeconds);
      throw new ModelArtsError('4206', `Too many failed sign-in attempts; try again in ${blocked.ttlInSeconds} s`);
    }
    const { username, password } = req.body;
    const account = ctx.users.credentials(username);
    const valid = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstDummy(password);
    if (!account || !valid || account.disabled) {
      await Promise.all([byIp(req), byUser(req)]);
      throw new ModelArtsError('4630', INVALID_LOGIN);
    }
    // Rotation: whatever session this browser had (or was planted with) ends; the new id is fresh.
    ctx.sessions.destroy(sessionId(req));
    const { id } = ctx.sessions.create(account.username);
    ctx.users.recordLogin(account.username);
    setSessionCookie(req, reply, id);
    const session = ctx.sessions.get(id);
    if (!session) throw new ModelArtsError('4630', INVALID_LOGIN);
    return sessionBody(ctx, session);
  });

  app.post('/bff/logout', async (req, reply) => {
    if (ctx.sessions.get(sessionId(req))) {
      authorize(req, ctx.sessions);
      ctx.sessions.destroy(sessionId(req));
    }
    clearSessionCookie(req, reply);
    return reply.status(204).send();
  });

  app.get('/bff/session', { schema: { response: { 200: Session } } }, async (req) => sessionBody(ctx, authorize(req, ctx.sessions)));
};
