import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BatchBody } from '../../contract/common.js';
import { DatasetStats, StatsQuery } from '../../contract/dataset.js';
import {
  AddSamplesBody,
  AddSamplesResp,
  BatchByFilterBody,
  BatchByFilterResp,
  DeleteSamplesBody,
  DescribeSampleResp,
  ListSamplesQuery,
  ListSamplesResp,
  SampleDetailQuery,
  SampleParams,
  SamplePathParams,
  SearchConditionResp,
  UpdateSamplesBody,
} from '../../contract/sample.js';
import type { EngineRouteOptions } from '../context.js';
import { addSamples } from './add-samples.js';
import { batchByFilter } from './batch-by-filter.js';
import { requireDataset } from './dataset-ref.js';
import { describeSample, listSamples } from './queries.js';
import { deleteSamples } from './repository.js';
import { searchFacets } from './search-facets.js';
import { datasetStats } from './stats.js';
import { updateSampleLabels } from './update-labels.js';

const base = '/datasets/:dataset_id/data-annotations';
const tags = ['samples'];

/** S1–S6, D6 (statistics, answered from the sample counters) and the batch-by-filter extension. */
export const sampleRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    `${base}/samples`,
    { schema: { tags, summary: 'List samples (S1)', params: SampleParams, querystring: ListSamplesQuery, response: { 200: ListSamplesResp } } },
    async (req) => listSamples(ctx, requireDataset(ctx, req.params.dataset_id), req.query),
  );

  app.post(
    `${base}/samples`,
    { schema: { tags, summary: 'Add samples (S2)', params: SampleParams, body: AddSamplesBody, response: { 200: AddSamplesResp } } },
    async (req) => addSamples(ctx, req.params.dataset_id, req.body),
  );

  app.put(
    `${base}/samples`,
    { schema: { tags, summary: 'Update sample labels (S3)', params: SampleParams, body: UpdateSamplesBody, response: { 200: BatchBody } } },
    async (req) => updateSampleLabels(ctx, req.params.dataset_id, req.body),
  );

  app.post(
    `${base}/samples/batch-by-filter`,
    {
      schema: {
        tags: [...tags, 'local-extension'],
        summary: 'Add / remove / set labels on, or delete, every sample matching a filter (local extension)',
        params: SampleParams,
        body: BatchByFilterBody,
        response: { 200: BatchByFilterResp },
      },
    },
    async (req) => batchByFilter(ctx, req.params.dataset_id, req.body),
  );

  app.get(
    `${base}/search-condition`,
    { schema: { tags, summary: 'Search facets (S6)', params: SampleParams, response: { 200: SearchConditionResp } } },
    async (req) => {
      requireDataset(ctx, req.params.dataset_id);
      return searchFacets(ctx, req.params.dataset_id);
    },
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
