import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateVersionBody,
  CreateVersionResp,
  DatasetVersion,
  ListVersionsQuery,
  ListVersionsResp,
  VersionParams,
  VersionPathParams,
} from '../../contract/version.js';
import type { EngineRouteOptions } from '../context.js';
import { recoverVersions } from './recover.js';
import { deleteVersion, getVersion, listVersions, publishVersion } from './service.js';

const base = '/datasets/:dataset_id/versions';
const tags = ['versions'];

/**
 * V1–V4 (modelarts-api.md §3). `manifest_url` on versions is a local extension (a signed download URL).
 * Registering the routes also fails the versions a crash left "creating" (the engine is just starting).
 */
export const versionRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  recoverVersions(ctx);

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'V1 list dataset versions (newest first)',
        params: VersionParams,
        querystring: ListVersionsQuery,
        response: { 200: ListVersionsResp },
      },
    },
    async (req) => listVersions(ctx, req.params.dataset_id, req.query),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'V2 publish a version (runs in the background; poll V3 until status is 1 or 4)',
        params: VersionParams,
        body: CreateVersionBody,
        response: { 201: CreateVersionResp },
      },
    },
    async (req, reply) => reply.status(201).send(publishVersion(ctx, req.params.dataset_id, req.body)),
  );

  app.get(
    `${base}/:version_id`,
    { schema: { tags, summary: 'V3 version detail', params: VersionPathParams, response: { 200: DatasetVersion } } },
    async (req) => getVersion(ctx, req.params.dataset_id, req.params.version_id),
  );

  app.delete(
    `${base}/:version_id`,
    {
      schema: {
        tags,
        summary: 'V4 delete a version and its folder',
        params: VersionPathParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (req, reply) => {
      await deleteVersion(ctx, req.params.dataset_id, req.params.version_id);
      return reply.status(204).send(null);
    },
  );
};
