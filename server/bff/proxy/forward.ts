import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ModelArtsError } from '../../contract/errors.js';
import { UNSIGNED_PAYLOAD, parseQuery, signRequest } from '../../contract/signing.js';
import { authorize } from '../auth/guard.js';
import { hasDotSegment, mayCallApi } from '../auth/roles.js';
import type { BffRouteOptions } from '../context.js';

/** Request headers worth passing on; everything else (cookie, x-csrf-token, origin …) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'range', 'if-none-match', 'if-modified-since', 'if-range'];
/**
 * Passed on AND signed, because they change what the upstream does: `idempotency-key` (local extension on
 * POST import-tasks / export-tasks / sync-data) makes a retried POST answer the task it already created.
 */
const SIGNED_REQUEST_HEADERS = ['idempotency-key'];
/** Response headers that belong to one hop, or that the upstream has no business setting on our origin. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
  'set-cookie',
]);
const JSON_BODY_LIMIT = 12 * 1024 * 1024;

function responseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) out[name] = value;
  }
  return out;
}

const hasStreamBody = (req: FastifyRequest) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

/**
 * `/api/v2/{project_id}/…` → upstream `/v2/{project_id}/…`: session, project and role checked, then
 * signed with the upstream's AK/SK. JSON bodies are signed over their exact bytes; other bodies (uploads)
 * are streamed through unbuffered as `UNSIGNED-PAYLOAD`. Kept lean: this is the console's hot path.
 */
export const proxyRoutes: FastifyPluginAsync<BffRouteOptions> = async (app, { ctx }) => {
  const { upstream } = ctx;
  const target = new URL(upstream.baseUrl);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 64 });
  const credentials = { ak: upstream.ak, sk: upstream.sk };
  app.addHook('onClose', async () => agent.destroy());

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  const handler = (req: FastifyRequest, reply: FastifyReply) => {
    const session = authorize(req, ctx.sessions);
    const rawUrl = req.raw.url ?? req.url;
    const q = rawUrl.indexOf('?');
    const path = (q < 0 ? rawUrl : rawUrl.slice(0, q)).slice('/api'.length);
    const search = q < 0 ? '' : rawUrl.slice(q);
    const projectId = path.split('/')[2];
    if (projectId !== upstream.projectId) {
      throw new ModelArtsError('0210', `Project id ${JSON.stringify(projectId)} is not this console's project`);
    }
    const route = path.slice(`/v2/${projectId}`.length) || '/';
    if (hasDotSegment(route)) throw new ModelArtsError('4200', 'Dot segments are not allowed in API paths');
    if (!mayCallApi(session.role, req.method, route)) throw new ModelArtsError('0108', 'Your role does not allow this operation');

    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    const streamed = body === undefined && hasStreamBody(req);
    const headers: OutgoingHttpHeaders & Record<string, string> = { host: target.host, 'x-project-id': upstream.projectId };
    const contentType = req.headers['content-type'];
    if (contentType && (body || streamed)) headers['content-type'] = contentType;
    if (streamed) headers['x-sdk-content-sha256'] = UNSIGNED_PAYLOAD;
    for (const name of SIGNED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    Object.assign(headers, signRequest({ method: req.method, path, query: parseQuery(search), headers, body: body ?? '' }, credentials));
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value as string;
    }
    if (body) headers['content-length'] = body.length;
    else if (streamed && req.headers['content-length']) headers['content-length'] = req.headers['content-length'];

    return new Promise<FastifyReply>((resolve, reject) => {
      const upstreamReq = transport.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: path + search, headers, agent },
        (res: IncomingMessage) => {
          reply.code(res.statusCode ?? 502).headers(responseHeaders(res.headers));
          resolve(reply.send(res));
        },
      );
      let clientGone = false;
      upstreamReq.on('error', (err) => {
        // Our own destroy() after the browser left (a cancelled thumbnail, say) is not a failure.
        if (clientGone) return resolve(reply);
        req.log.warn({ err }, 'upstream request failed');
        reject(new ModelArtsError('0010', 'The data service is not reachable', 502));
      });
      // The browser went away before the answer was sent: stop the upstream work too.
      reply.raw.once('close', () => {
        if (reply.raw.writableFinished) return;
        clientGone = true;
        upstreamReq.destroy();
      });
      if (streamed) req.raw.pipe(upstreamReq);
      else upstreamReq.end(body);
    });
  };

  app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/api/v2/*', handler });
};
