import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProjectParams } from '../../contract/common.js';
import {
  CreateDatasetBody,
  CreateDatasetResp,
  Dataset,
  DatasetPathParams,
  GetDatasetQuery,
  ListDatasetsQuery,
  ListDatasetsResp,
  UpdateDatasetBody,
  UpdateDatasetResp,
} from '../../contract/dataset.js';
import type { EngineRouteOptions } from '../context.js';
import { createDataset, deleteDataset, getDataset, listDatasets, updateDataset } from './service.js';

const tags = ['datasets'];

/** D1–D5 (modelarts-api.md §3). */
export const datasetRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    '/datasets',
    { schema: { tags, summary: 'D1 list datasets', params: ProjectParams, querystring: ListDatasetsQuery, response: { 200: ListDatasetsResp } } },
    async (req) => listDatasets(ctx, req.query),
  );

  app.post(
    '/datasets',
    { schema: { tags, summary: 'D2 create a dataset', params: ProjectParams, body: CreateDatasetBody, response: { 201: CreateDatasetResp } } },
    async (req, reply) => reply.status(201).send(await createDataset(ctx, req.body)),
  );

  app.get(
    '/datasets/:dataset_id',
    { schema: { tags, summary: 'D3 dataset detail', params: DatasetPathParams, querystring: GetDatasetQuery, response: { 200: Dataset } } },
    async (req) => getDataset(ctx, req.params.dataset_id, { runningTaskType: req.query.running_task_type }),
  );

  app.put(
    '/datasets/:dataset_id',
    {
      schema: { tags, summary: 'D4 modify a dataset', params: DatasetPathParams, body: UpdateDatasetBody, response: { 200: UpdateDatasetResp } },
    },
    async (req) => updateDataset(ctx, req.params.dataset_id, req.body),
  );

  app.delete(
    '/datasets/:dataset_id',
    {
      schema: {
        tags,
        summary: 'D5 delete a dataset (source data and work-path files stay)',
        params: DatasetPathParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (req, reply) => {
      deleteDataset(ctx, req.params.dataset_id);
      return reply.status(204).send(null);
    },
  );
};
