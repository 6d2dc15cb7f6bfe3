import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../context.js';

// Placeholder: replaced by the labels implementation.
export const labelRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async () => {};
