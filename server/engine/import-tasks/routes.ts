import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateImportTaskBody,
  CreateImportTaskResp,
  ImportTaskParams,
  ImportTaskStatusResp,
  ListImportTasksQuery,
  ListImportTasksResp,
} from '../../contract/import-task.js';
import { DatasetParams } from '../../contract/common.js';
import type { EngineRouteOptions } from '../context.js';
import { idempotencyKeyOf } from './idempotency.js';
import { getImportTask, listImportTasks } from './read-model.js';
import { createImportTask } from './service.js';

const tags = ['import-tasks'];

/** I1–I3: import tasks of a dataset (modelarts-api.md §4). */
export const importTaskRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    '/datasets/:dataset_id/import-tasks',
    { schema: { tags, summary: 'List import tasks (I1)', params: DatasetParams, querystring: ListImportTasksQuery, response: { 200: ListImportTasksResp } } },
    async (req) => listImportTasks(ctx, req.params.dataset_id, req.query),
  );

  app.post(
    '/datasets/:dataset_id/import-tasks',
    { schema: { tags, summary: 'Import samples from a folder or a manifest (I2)', params: DatasetParams, body: CreateImportTaskBody, response: { 200: CreateImportTaskResp } } },
    async (req) => ({
      task_id: await createImportTask(ctx, req.params.dataset_id, req.body, { idempotencyKey: idempotencyKeyOf(req.headers['idempotency-key']) }),
    }),
  );

  app.get(
    '/datasets/:dataset_id/import-tasks/:task_id',
    { schema: { tags, summary: 'Import task status (I3)', params: ImportTaskParams, response: { 200: ImportTaskStatusResp } } },
    async (req) => getImportTask(ctx, req.params.dataset_id, req.params.task_id),
  );
};
