import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Role } from '../contract/bff.js';
import { ModelArtsError, type ErrorCode } from '../contract/errors.js';
import { DEFAULT_SESSION_LIMITS, SessionStore, type SessionLimits } from './auth/sessions.js';
import { UserStore } from './auth/users.js';
import type { BffContext } from './context.js';
import { openConsoleDb } from './db.js';
import { proxyRoutes } from './proxy/forward.js';
import type { Upstream } from './proxy/upstream.js';
import { auditRoutes, recordMutations } from './routes/audit.js';
import { DEFAULT_LOGIN_LIMITS, authRoutes, type LoginLimits } from './routes/auth.js';
import { docsRoutes } from './routes/docs.js';
import { DEFAULT_DOWNLOAD_LIMITS, downloadRoutes, type DownloadLimits } from './routes/downloads.js';
import { spaRoutes } from './routes/spa.js';
import { userRoutes } from './routes/users.js';

export interface BffOptions {
  /** `console.sqlite` lives here. */
  dataDir: string;
  upstream: Upstream;
  /** Called only when there is no user yet: the first admin's name and password. */
  firstAdmin: () => { username: string; password: string };
  /** The built SPA; default `dist/` of the project. */
  distDir?: string;
  /** Pino level; default silent. `npm start` uses 'warn' so failures are visible without per-request noise. */
  logLevel?: 'info' | 'warn' | 'error';
  sessionLimits?: SessionLimits;
  loginLimits?: LoginLimits;
  /** Largest folder `GET /bff/downloads/zip` takes. */
  downloadLimits?: DownloadLimits;
  now?: () => number;
}

/** The SPA's CSP: antd injects inline styles; scripts only from our own origin. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Served over plain HTTP on loopback by default: upgrading would break every subresource.
  upgradeInsecureRequests: null,
};

function toModelArtsError(err: FastifyError): ModelArtsError {
  if (err instanceof ModelArtsError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const detail = err.validation.map((v) => `${err.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}: ${v.message}`);
    return new ModelArtsError('0101', detail.join('; '));
  }
  const byCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: '4104',
    FST_ERR_CTP_EMPTY_JSON_BODY: '4202',
    FST_ERR_CTP_INVALID_JSON_BODY: '4105',
  };
  const code = err.code ? byCode[err.code] : undefined;
  if (code) return new ModelArtsError(code, err.message);
  if (err instanceof SyntaxError) return new ModelArtsError('4105', 'Request body is not valid JSON');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new ModelArtsError('4200', err.message, err.statusCode);
  return new ModelArtsError('0010', 'Internal error');
}

/** Builds the BFF: sessions and users at `/bff`, the signed API proxy at `/api/v2`, docs, and the SPA. */
export async function buildBff(opts: BffOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const db = openConsoleDb(path.resolve(opts.dataDir));
  const users = new UserStore(db, now);
  const ctx: BffContext = { db, users, sessions: new SessionStore(db, now, opts.sessionLimits ?? DEFAULT_SESSION_LIMITS), upstream: opts.upstream, now };
  if (users.count() === 0) {
    const admin = opts.firstAdmin();
    await users.create({ username: admin.username, password: admin.password, role: 'admin' satisfies Role });
  }

  const app = Fastify({
    logger: opts.logLevel ? { level: opts.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false,
    routerOptions: { maxParamLength: 2048 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const error = toModelArtsError(err);
    if (error.status >= 500) req.log.error({ err }, 'request failed');
    return reply.status(error.status).send(error.toBody());
  });

  await app.register(fastifyHelmet, { contentSecurityPolicy: { useDefaults: true, directives: CSP_DIRECTIVES }, frameguard: { action: 'deny' } });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  recordMutations(app, ctx);

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(authRoutes, { ctx, limits: opts.loginLimits ?? DEFAULT_LOGIN_LIMITS });
  await app.register(userRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(downloadRoutes, { ctx, limits: opts.downloadLimits ?? DEFAULT_DOWNLOAD_LIMITS });
  await app.register(proxyRoutes, { ctx });
  await app.register(docsRoutes, { ctx });
  await app.register(spaRoutes, { distDir: path.resolve(opts.distDir ?? path.join(import.meta.dirname, '../../dist')) });

  app.addHook('onClose', async () => db.close());
  return app;
}
