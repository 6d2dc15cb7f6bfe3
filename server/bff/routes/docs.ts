import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { signRequest } from '../../contract/signing.js';
import type { BffRouteOptions } from '../context.js';

type OpenApiDocument = Record<string, unknown>;
const SPEC_TTL_MS = 60_000;

/**
 * `GET /api/docs`: Swagger UI for the upstream's `/v2/openapi.json`, with "Try it out" pointed at this
 * BFF's `/api` so calls go through the session, the role check and the signing like the console's own.
 */
export const docsRoutes: FastifyPluginAsync<BffRouteOptions> = async (app, { ctx }) => {
  const { upstream } = ctx;
  let spec: OpenApiDocument = { openapi: '3.0.3', info: { title: 'Data Console API', version: '2.0.0' }, paths: {} };
  let fetchedAt = 0;

  async function refresh() {
    if (ctx.now() - fetchedAt < SPEC_TTL_MS) return;
    const url = new URL('/v2/openapi.json', upstream.baseUrl);
    const headers: Record<string, string> = { host: url.host };
    Object.assign(headers, signRequest({ method: 'GET', path: url.pathname, query: {}, headers }, upstream));
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      spec = { ...((await res.json()) as OpenApiDocument), servers: [{ url: '/api', description: 'through the console' }] };
    } catch (err) {
      app.log.warn({ err }, 'could not load the upstream OpenAPI document');
      spec = {
        openapi: '3.0.3',
        info: { title: 'Data Console API', version: '2.0.0', description: `The ${upstream.kind} upstream serves no OpenAPI document.` },
        paths: {},
      };
    }
    fetchedAt = ctx.now();
  }

  // @fastify/swagger only satisfies swagger-ui's dependency; the document shown is the upstream's.
  await app.register(fastifySwagger, { mode: 'static', specification: { document: spec as never } });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true },
    uiHooks: {
      onRequest: async (req) => {
        if (req.url.split('?')[0].endsWith('/json')) await refresh();
      },
    },
    transformSpecification: () => spec,
    transformSpecificationClone: false,
  });
};
