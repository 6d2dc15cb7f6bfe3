import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BatchBody } from '../../contract/common.js';
import { DatasetStats, StatsQuery } from '../../contract/dataset.js';
import {
  DeleteSamplesBody,
  DescribeSampleResp,
  ListSamplesQuery,
  ListSamplesResp,
  SampleDetailQuery,
  SampleParams,
  SamplePathParams,
} from '../../contract/sample.js';
import type { EngineRouteOptions } from '../context.js';
import { requireDataset } from './dataset-ref.js';
import { describeSample, listSamples } from './queries.js';
import { deleteSamples } from './repository.js';
import { datasetStats } from './stats.js';

const base = '/datasets/:dataset_id/data-annotations';
const tags = ['samples'];

/** S1, S4, S5 and D6 (statistics, answered from the sample counters). */
export const sampleRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    `${base}/samples`,
    { schema: { tags, summary: 'List samples (S1)', params: SampleParams, querystring: ListSamplesQuery, response: { 200: ListSamplesResp } } },
    async (req) => listSamples(ctx, requireDataset(ctx, req.params.dataset_id), req.query),
  );

  app.post(
    `${base}/samples/delete`,
    { schema: { tags, summary: 'Delete samples (S4)', params: SampleParams, body: DeleteSamplesBody, response: { 200: BatchBody } } },
    async (req) =>
      deleteSamples(ctx, req.params.dataset_id, req.body.samples, { deleteSource: req.body.delete_source }),
  );

  app.get(
    `${base}/samples/:sample_id`,
    {
      schema: {
        tags,
        summary: 'Sample detail (S5)',
        params: SamplePathParams,
        querystring: SampleDetailQuery,
        response: { 200: DescribeSampleResp },
      },
    },
    async (req) => {
      requireDataset(ctx, req.params.dataset_id);
      return describeSample(ctx, req.params.dataset_id, req.params.sample_id, req.query.process_parameter);
    },
  );

  app.get(
    `${base}/stats`,
    { schema: { tags: ['datasets'], summary: 'Dataset statistics (D6)', params: SampleParams, querystring: StatsQuery, response: { 200: DatasetStats } } },
    async (req) => datasetStats(ctx, requireDataset(ctx, req.params.dataset_id)),
  );
};
