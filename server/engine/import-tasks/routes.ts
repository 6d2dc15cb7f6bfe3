import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../context.js';

// Placeholder: replaced by the import-tasks implementation.
export const importTaskRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async () => {};
