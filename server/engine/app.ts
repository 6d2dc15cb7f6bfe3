import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ModelArtsError, type ErrorCode } from '../contract/errors.js';
import { authenticate } from './auth/verify-signature.js';
import type { EngineContext } from './context.js';
import { datasetRoutes } from './datasets/routes.js';
import { openDb } from './db/index.js';
import { exportTaskHandler, recoverExports } from './export-tasks/handler.js';
import { exportTaskRoutes } from './export-tasks/routes.js';
import { importTaskHandler } from './import-tasks/handler.js';
import { importTaskRoutes } from './import-tasks/routes.js';
import { labelRoutes } from './labels/routes.js';
import { batchTaskHandler } from './samples/batch-task.js';
import { sampleRoutes } from './samples/routes.js';
import { storageRoutes } from './storage/routes.js';
import { syncTaskHandler } from './sync/handler.js';
import { taskCenterRoutes } from './task-center/routes.js';
import { syncRoutes } from './sync/routes.js';
import { ObjectStore } from './storage/object-store.js';
import type { AnyTaskHandler } from './tasks/finalize.js';
import { recoverTasks } from './tasks/recover.js';
import { startTaskRunner, stopTaskRunner, type TaskRunnerOptions } from './tasks/runner.js';
import { publishTaskHandler } from './versions/handler.js';
import { versionRoutes } from './versions/routes.js';
import { closeWorkerPool } from './workers/pool.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for signature verification. */
    rawBody?: Buffer;
  }
  interface FastifyContextConfig {
    /** Routes that carry their own authorization (signed file URLs, the OpenAPI document). */
    public?: boolean;
  }
}

export interface EngineOptions {
  dataDir: string;
  projectId: string;
  ak: string;
  sk: string;
  logger?: boolean;
  now?: () => number;
  /** The durable queue's runner: concurrency (default 2 or env TASK_CONCURRENCY), lease, poll, retry delay. */
  tasks?: TaskRunnerOptions;
  /** Handlers that replace the engine's own for their kind (tests). */
  taskHandlers?: readonly AnyTaskHandler[];
}

/** The kinds of background task this engine runs, one handler each (tasks/handler.ts). */
const TASK_HANDLERS: readonly AnyTaskHandler[] = [importTaskHandler, syncTaskHandler, exportTaskHandler, publishTaskHandler, batchTaskHandler];

/** Maps Fastify's own 4xx errors onto the API's codes. */
function transportError(err: FastifyError): ModelArtsError | undefined {
  const byCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: '4104',
    FST_ERR_CTP_EMPTY_JSON_BODY: '4202',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: '4200',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: '4200',
    FST_ERR_CTP_EMPTY_TYPE: '4200',
  };
  const code = err.code ? byCode[err.code] : undefined;
  if (code) return new ModelArtsError(code, err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new ModelArtsError('4200', err.message, err.statusCode);
  }
  return undefined;
}

function validationMessage(err: FastifyError): string {
  if (hasZodFastifySchemaValidationErrors(err)) {
    return err.validation
      .map((v) => `${err.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}: ${v.message}`)
      .join('; ');
  }
  return err.message;
}

/** Builds the engine: an app that serves `/v2/{project_id}/…`, and its context. */
export async function buildEngine(opts: EngineOptions): Promise<{ app: FastifyInstance; ctx: EngineContext }> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const { db, sqlite } = await openDb(path.join(dataDir, 'engine.sqlite'));
  const store = new ObjectStore(path.join(dataDir, 'obs'));
  await store.init();
  const ctx: EngineContext = {
    db,
    sqlite,
    store,
    dataDir,
    projectId: opts.projectId,
    credentials: new Map([[opts.ak, opts.sk]]),
    urlSecret: randomBytes(32).toString('hex'),
    background: new Set(),
    now: opts.now ?? Date.now,
  };
  const handlers = new Map(TASK_HANDLERS.map((h) => [h.kind, h]));
  for (const h of opts.taskHandlers ?? []) handlers.set(h.kind, h);
  // A task found running belongs to a process that died: resumed or failed with a code, never left running.
  recoverTasks(ctx, [...handlers.values()]);
  // What exports that no longer run left behind (temp folders, half-made datasets) is removed.
  recoverExports(ctx);

  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 12 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // The router's own refusals (a URL with invalid percent-encoding) speak the API's error body too.
    frameworkErrors: (err, _req, reply) => {
      void (reply as FastifyReply).status(400).send(new ModelArtsError('4200', `Invalid URL: ${err.message}`).toBody());
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Keep the raw body: the signature covers its exact bytes.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new ModelArtsError('4105', 'Request body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 200 * 1024 * 1024 }, (req, body: Buffer, done) => {
    req.rawBody = body;
    done(null, body);
  });

  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.public || !req.url.startsWith('/v2/')) return;
    authenticate(req, ctx);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let error: ModelArtsError;
    if (err instanceof ModelArtsError) error = err;
    else if (err.validation) error = new ModelArtsError('0101', validationMessage(err));
    else error = transportError(err) ?? new ModelArtsError('0010', 'Internal error');
    if (error.status >= 500) req.log.error({ err }, 'request failed');
    return reply.status(error.status).send(error.toBody());
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send(new ModelArtsError('4204', `API ${req.method} ${req.url.split('?')[0]} does not exist`).toBody()),
  );

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Data Console engine — ModelArts v2 data management',
        description:
          'Wire-compatible implementation of the ModelArts v2 data-management API. Routes tagged `local-extension` are not part of ModelArts.',
        version: '2.0.0',
      },
      components: {
        securitySchemes: { sdkHmac: { type: 'apiKey', in: 'header', name: 'Authorization' } },
      },
      security: [{ sdkHmac: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/v2/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const prefix = '/v2/:project_id';
  await app.register(datasetRoutes, { prefix, ctx });
  await app.register(labelRoutes, { prefix, ctx });
  await app.register(sampleRoutes, { prefix, ctx });
  await app.register(importTaskRoutes, { prefix, ctx });
  await app.register(syncRoutes, { prefix, ctx });
  await app.register(exportTaskRoutes, { prefix, ctx });
  await app.register(storageRoutes, { prefix, ctx });
  await app.register(versionRoutes, { prefix, ctx });
  await app.register(taskCenterRoutes, { prefix, ctx });

  // Versions' recovery ran with their routes: the queue starts on a recovered database.
  startTaskRunner(ctx, [...handlers.values()], opts.tasks);

  app.addHook('onClose', async () => {
    // Running jobs are aborted: resumable ones go back to the queue for the next start, others fail (4393).
    stopTaskRunner(ctx);
    while (ctx.background.size > 0) await Promise.allSettled([...ctx.background]);
    await closeWorkerPool(ctx);
    await db.destroy();
  });
  return { app, ctx };
}
