import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DatasetParams } from '../../contract/common.js';
import { CreateImportTaskResp, SyncStatusResp } from '../../contract/import-task.js';
import type { EngineRouteOptions } from '../context.js';
import { idempotencyKeyOf } from '../import-tasks/idempotency.js';
import { getSyncStatus, startSync } from './service.js';

const tags = ['sync'];

/** Y1 / Y2: sync a dataset with its input path (modelarts-api.md §4). */
export const syncRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.post(
    '/datasets/:dataset_id/sync-data',
    {
      schema: {
        tags,
        summary: 'Sync the dataset with its input path (Y1)',
        description:
          'Imports the new image files under the input path and deletes the samples whose file is gone. ' +
          'Local addition: answers `{ task_id }` (the API documents no body); an `idempotency-key` header returns the first request’s task.',
        params: DatasetParams,
        body: z.unknown().optional(),
        response: { 200: CreateImportTaskResp },
      },
    },
    async (req) => ({ task_id: startSync(ctx, req.params.dataset_id, { idempotencyKey: idempotencyKeyOf(req.headers['idempotency-key']) }) }),
  );

  app.get(
    '/datasets/:dataset_id/sync-data/status',
    { schema: { tags, summary: 'Status of the last sync (Y2)', params: DatasetParams, response: { 200: SyncStatusResp } } },
    async (req) => getSyncStatus(ctx, req.params.dataset_id),
  );
};
