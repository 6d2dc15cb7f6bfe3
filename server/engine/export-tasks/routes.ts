import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateExportTaskBody,
  CreateExportTaskResp,
  ExportTaskParams,
  ExportTaskStatusResp,
  ExportTasksParams,
  ListExportTasksQuery,
  ListExportTasksResp,
} from '../../contract/export-task.js';
import type { EngineRouteOptions } from '../context.js';
import { getExportTask, listExportTasks } from './read-model.js';
import { createExportTask } from './service.js';

const tags = ['export-tasks'];

/** The `idempotency-key` request header (local extension): a repeated E2 returns the first task. */
const keyOf = (header: string | string[] | undefined) => {
  const key = Array.isArray(header) ? header[0] : header;
  return key && key.length <= 200 ? key : undefined;
};

/** E1–E3: export tasks of a dataset (modelarts-api.md §4). */
export const exportTaskRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    '/datasets/:dataset_id/export-tasks',
    { schema: { tags, summary: 'List export tasks (E1)', params: ExportTasksParams, querystring: ListExportTasksQuery, response: { 200: ListExportTasksResp } } },
    async (req) => listExportTasks(ctx, req.params.dataset_id, req.query),
  );

  app.post(
    '/datasets/:dataset_id/export-tasks',
    {
      schema: {
        tags,
        summary: 'Export samples to a folder or a new dataset (E2)',
        params: ExportTasksParams,
        body: CreateExportTaskBody,
        response: { 200: CreateExportTaskResp },
      },
    },
    async (req) => ({ task_id: await createExportTask(ctx, req.params.dataset_id, req.body, keyOf(req.headers['idempotency-key'])) }),
  );

  app.get(
    '/datasets/:resource_id/export-tasks/:task_id',
    { schema: { tags, summary: 'Export task status (E3)', params: ExportTaskParams, response: { 200: ExportTaskStatusResp } } },
    async (req) => getExportTask(ctx, req.params.resource_id, req.params.task_id),
  );
};
