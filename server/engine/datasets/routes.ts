import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../context.js';

// Placeholder: replaced by the datasets implementation.
export const datasetRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async () => {};
