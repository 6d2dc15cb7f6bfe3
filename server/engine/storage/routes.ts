import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../context.js';

// Placeholder: replaced by the storage implementation.
export const storageRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async () => {};
