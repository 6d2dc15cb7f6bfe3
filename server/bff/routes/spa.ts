import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ModelArtsError } from '../../contract/errors.js';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Data Console — not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The console has not been built yet</h1>
<p>The API is running, but there is no web interface to serve: <code>dist/index.html</code> is missing.</p>
<p>Run <code>npm run build</code> and restart, or simply use <code>npm start</code>, which builds it when needed.</p>
</body></html>`;

const isApiPath = (url: string) => url.startsWith('/api/') || url.startsWith('/bff/') || url === '/api' || url === '/bff';

/**
 * The built SPA from `dist/`: hashed assets cached for good, index.html revalidated, and every other
 * browser GET answered with index.html so client-side routes survive a reload. API paths never fall back.
 */
const spa: FastifyPluginAsync<{ distDir: string }> = async (app, { distDir }) => {
  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      cacheControl: false,
      setHeaders: (reply, file) => {
        const immutable = file.startsWith(path.join(distDir, 'assets') + path.sep);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    if (isApiPath(req.url) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return reply.status(404).send(new ModelArtsError('4204', `API ${req.method} ${req.url.split('?')[0]} does not exist`).toBody());
    }
    if (!built) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
};

/** Not encapsulated: its not-found handler is the whole app's. */
export const spaRoutes = fp(spa, { name: 'data-console-spa' });
