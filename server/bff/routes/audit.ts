import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AuditEntry, ListAuditQuery, ListAuditResp } from '../../contract/bff.js';
import { guard, isMutating } from '../auth/guard.js';
import type { BffContext, BffRouteOptions } from '../context.js';

interface AuditRow {
  id: number;
  time: number;
  username: string | null;
  method: string;
  path: string;
  status: number;
  ip: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  time: row.time,
  ...(row.username ? { username: row.username } : {}),
  method: row.method,
  path: row.path,
  status: row.status,
  ...(row.ip ? { ip: row.ip } : {}),
});

/** Who tried: the session's user, else the name given at a sign-in attempt. */
function actor(req: FastifyRequest): string | null {
  if (req.auth) return req.auth.username;
  const body = req.body as { username?: unknown } | undefined;
  return req.url === '/bff/login' && typeof body?.username === 'string' ? body.username.slice(0, 64) : null;
}

/** Downloads are reads worth a trace: their query (the folder) is kept, since it says what left the store. */
const isDownload = (url: string) => url.startsWith('/bff/downloads/');

/**
 * Writes every mutating call to `/bff/…` and `/api/…`, and every download (who, when, method, path, status),
 * once it is answered — or once the client has gone, for a download cut short.
 */
export function recordMutations(app: FastifyInstance, ctx: BffContext): void {
  const insert = ctx.db.prepare('INSERT INTO audit_log (time, username, method, path, status, ip) VALUES (?, ?, ?, ?, ?, ?)');
  const record = (req: FastifyRequest, status: number) => {
    const path = (isDownload(req.url) ? req.url : req.url.split('?')[0]).slice(0, 1024);
    insert.run(ctx.now(), actor(req), req.method, path, status, req.ip);
  };
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    if (isDownload(req.url) || (isMutating(req.method) && (req.url.startsWith('/bff/') || req.url.startsWith('/api/')))) record(req, reply.statusCode);
  });
  app.addHook('onRequestAbort', async (req: FastifyRequest) => {
    if (isDownload(req.url)) record(req, 499);
  });
}

/** `GET /bff/audit?offset&limit`, newest first, admins only. */
export const auditRoutes: FastifyPluginAsyncZod<BffRouteOptions> = async (app, { ctx }) => {
  app.addHook('onRequest', guard(ctx.sessions, ['admin']));
  const page = ctx.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?');
  const count = ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_log');
  app.get('/bff/audit', { schema: { querystring: ListAuditQuery, response: { 200: ListAuditResp } } }, async (req) => {
    const { offset, limit } = req.query;
    const rows = page.all(limit, offset * limit) as AuditRow[];
    return { total_number: (count.get() as { n: number }).n, entries: rows.map(toEntry) };
  });
};
