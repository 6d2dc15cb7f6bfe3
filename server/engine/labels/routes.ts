import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BatchBody, DatasetParams } from '../../contract/common.js';
import { ModelArtsError } from '../../contract/errors.js';
import {
  DeleteLabelQuery,
  DeleteLabelsBody,
  DeleteLabelsQuery,
  LabelDeleteImpactQuery,
  LabelDeleteImpactResp,
  LabelPathParams,
  LabelProperty,
  LabelsBody,
  ListLabelsQuery,
  ListLabelsResp,
  UpdateLabelQuery,
} from '../../contract/label.js';
import type { EngineContext, EngineRouteOptions } from '../context.js';
import { requireDataset } from '../samples/dataset-ref.js';
import { unlessFailed } from './batch.js';
import { labelRowByName } from './repository.js';
import { createLabels, deleteLabels, labelDeleteImpact, listLabels, updateLabels } from './service.js';

const base = '/datasets/:dataset_id/data-annotations/labels';
const tags = ['labels'];

/** The label addressed by L5 / L6: 4410 when it does not exist or has another type than `label_type`. */
function requireLabel(ctx: EngineContext, datasetId: string, name: string, type?: number) {
  requireDataset(ctx, datasetId);
  const row = labelRowByName(ctx, datasetId, name);
  if (!row || (type !== undefined && row.type !== type)) {
    throw new ModelArtsError('4410', `Label ${JSON.stringify(name)}${type === undefined ? '' : ` of type ${type}`} does not exist`);
  }
  return row;
}

/** L1–L6, and the local delete-impact extension. Batch failures answer 400 with the batch body. */
export const labelRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    base,
    { schema: { tags, summary: 'List labels (L1)', params: DatasetParams, querystring: ListLabelsQuery, response: { 200: ListLabelsResp } } },
    async (req) => {
      const labels = listLabels(ctx, req.params.dataset_id);
      const { offset, limit } = req.query;
      return { total_number: labels.length, labels: labels.slice(offset * limit, offset * limit + limit) };
    },
  );

  app.post(
    base,
    { schema: { tags, summary: 'Create labels (L2)', params: DatasetParams, body: LabelsBody, response: { 200: BatchBody } } },
    async (req) => {
      const dataset = requireDataset(ctx, req.params.dataset_id);
      return unlessFailed(createLabels(ctx, dataset.id, dataset.type, req.body.labels));
    },
  );

  app.put(
    base,
    { schema: { tags, summary: 'Update labels (L3)', params: DatasetParams, body: LabelsBody, response: { 200: BatchBody } } },
    async (req) => unlessFailed(updateLabels(ctx, req.params.dataset_id, req.body.labels)),
  );

  app.post(
    `${base}/delete`,
    {
      schema: {
        tags,
        summary: 'Delete labels (L4)',
        params: DatasetParams,
        querystring: DeleteLabelsQuery,
        body: DeleteLabelsBody,
        response: { 200: BatchBody },
      },
    },
    async (req) => {
      const names = req.body.labels.map((l) => l.name);
      return unlessFailed(deleteLabels(ctx, req.params.dataset_id, names, req.query.delete_policy as 0 | 1 | 2));
    },
  );

  app.get(
    `${base}/delete-impact`,
    {
      schema: {
        tags: ['local-extension', ...tags],
        summary: 'What deleting labels would change (counts for a confirmation)',
        params: DatasetParams,
        querystring: LabelDeleteImpactQuery,
        response: { 200: LabelDeleteImpactResp },
      },
    },
    async (req) => labelDeleteImpact(ctx, req.params.dataset_id, req.query.label_name),
  );

  app.put(
    `${base}/:label_name`,
    { schema: { tags, summary: 'Update one label (L5)', params: LabelPathParams, querystring: UpdateLabelQuery, body: LabelProperty } },
    async (req, reply) => {
      const row = requireLabel(ctx, req.params.dataset_id, req.params.label_name, req.query.label_type);
      unlessFailed(updateLabels(ctx, req.params.dataset_id, [{ name: row.name, property: req.body }]));
      return reply.code(204).send();
    },
  );

  app.delete(
    `${base}/:label_name`,
    { schema: { tags, summary: 'Delete one label and the samples only it labels (L6)', params: LabelPathParams, querystring: DeleteLabelQuery } },
    async (req, reply) => {
      const row = requireLabel(ctx, req.params.dataset_id, req.params.label_name, req.query.label_type);
      unlessFailed(deleteLabels(ctx, req.params.dataset_id, [row.name], req.query.delete_source ? 2 : 1));
      return reply.code(204).send();
    },
  );
};
