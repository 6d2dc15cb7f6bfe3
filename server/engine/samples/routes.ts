import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../context.js';

// Placeholder: replaced by the samples implementation.
export const sampleRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async () => {};
