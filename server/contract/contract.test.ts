import { describe, expect, it } from 'vitest';
import { BatchBody } from './common.js';
import { ErrorBody } from './errors.js';
import { CreateDatasetBody, CreateDatasetResp, ListDatasetsQuery, UpdateDatasetBody } from './dataset.js';
import { DeleteLabelQuery, DeleteLabelsBody, DeleteLabelsQuery, LabelProperty, LabelsBody, ListLabelsQuery } from './label.js';
import { DeleteSamplesBody, ListSamplesQuery } from './sample.js';

/** The API's own published examples (modelarts-api.md §3, §4, Appendix A) must parse as they stand. */
const D2_EXAMPLES = [
  { workspace_id: '0', dataset_name: 'dataset-457f', dataset_type: 0, data_sources: [{ data_type: 0, data_path: '/test-obs/classify/input/animals/' }], description: '', work_path: '/test-obs/classify/output/', work_path_type: 0, labels: [{ name: 'Rabbits', type: 0, property: { '@modelarts:color': '#3399ff' } }, { name: 'Bees', type: 0, property: { '@modelarts:color': '#3399ff' } }] },
  { workspace_id: '0', dataset_name: 'dataset-95a6', dataset_type: 1, data_sources: [{ data_type: 0, data_path: '/test-obs/detect/input/animals/' }], description: '', work_path: '/test-obs/detect/output/', work_path_type: 0, labels: [{ name: 'Rabbits', type: 1, property: { '@modelarts:color': '#3399ff' } }, { name: 'Bees', type: 1, property: { '@modelarts:color': '#3399ff' } }] },
  { workspace_id: '0', dataset_name: 'dataset-de83', dataset_type: 400, data_sources: [{ data_type: 0, data_path: '/test-obs/table/input/', with_column_header: true }], description: '', work_path: '/test-obs/table/output/', work_path_type: 0, schema: [{ schema_id: 1, name: '150', type: 'STRING' }, { schema_id: 2, name: '4', type: 'STRING' }, { schema_id: 3, name: 'setosa', type: 'STRING' }, { schema_id: 4, name: 'versicolor', type: 'STRING' }, { schema_id: 5, name: 'virginica', type: 'STRING' }], import_data: true },
  // §3 D2 (table, short form)
  { workspace_id: '0', dataset_name: 'dataset-de83', dataset_type: 400, data_sources: [{ data_type: 0, data_path: '/obs/in/', with_column_header: true }], work_path: '/obs/out/', work_path_type: 0, schema: [{ schema_id: 1, name: 'c1', type: 'STRING' }], import_data: true },
];

describe('contract accepts the API examples verbatim', () => {
  it.each(D2_EXAMPLES.map((e) => [e.dataset_name, e]))('D2 %s', (_name, body) => {
    const parsed = CreateDatasetBody.parse(body);
    expect(parsed.dataset_name).toBe(body.dataset_name);
    expect(parsed.data_sources[0].data_path).toBe(body.data_sources[0].data_path);
  });

  it('D2 response', () => {
    expect(CreateDatasetResp.parse({ dataset_id: 'gfghHSokody6AJigS5A', import_task_id: 'gfghHSokody6AJigS5A_abc' }).dataset_id).toBe('gfghHSokody6AJigS5A');
  });

  it('D1 query with offset as a page index', () => {
    const q = ListDatasetsQuery.parse({ offset: '2', limit: '10', sort_by: 'dataset_name', order: 'asc', dataset_type: '1' });
    expect(q).toMatchObject({ offset: 2, limit: 10, sort_by: 'dataset_name', order: 'asc', dataset_type: 1 });
  });

  it('D4 body with label edits', () => {
    const b = UpdateDatasetBody.parse({ description: 'x', add_labels: [{ name: 'Dog', type: 0 }], update_labels: [{ name: 'Cat', property: { '@modelarts:rename_to': 'Kitty' } }], delete_labels: [{ name: 'Bees' }] });
    expect(b.update_labels?.[0].property?.['@modelarts:rename_to']).toBe('Kitty');
  });

  it('L2 example: a detection label with its default shape', () => {
    const b = LabelsBody.parse({ labels: [{ name: 'Cat', property: { '@modelarts:color': '#3399ff', '@modelarts:default_shape': 'bndbox' } }] });
    expect(b.labels[0].property?.['@modelarts:default_shape']).toBe('bndbox');
  });

  it('L4 query and body, L5 bare property map, L6 query', () => {
    expect(DeleteLabelsQuery.parse({ delete_policy: '2' }).delete_policy).toBe(2);
    expect(() => DeleteLabelsQuery.parse({ delete_policy: '3' })).toThrow();
    expect(DeleteLabelsBody.parse({ labels: [{ name: 'Cat' }] }).labels[0].name).toBe('Cat');
    expect(LabelProperty.parse({ '@modelarts:color': '#93c47d' })['@modelarts:color']).toBe('#93c47d');
    expect(DeleteLabelQuery.parse({ delete_source: 'false', label_type: '1' })).toEqual({ delete_source: false, label_type: 1 });
    expect(ListLabelsQuery.parse({}).limit).toBe(100000);
  });

  it('S1 query, S4 body', () => {
    const q = ListSamplesQuery.parse({ offset: '0', limit: '100', sample_state: '__none__', process_parameter: 'image/resize,m_lfit,h_200' });
    expect(q.sample_state).toBe('__NONE__');
    expect(() => ListSamplesQuery.parse({ limit: '101' })).toThrow();
    expect(DeleteSamplesBody.parse({ samples: ['09ac49d5b06385849c8769fdcf0f6d60'] }).delete_source).toBe(false);
  });

  it('batch and error bodies', () => {
    expect(BatchBody.parse({ success: true }).success).toBe(true);
    expect(BatchBody.parse({ success: false, results: [{ success: false, error_code: 'ModelArts.4410', error_msg: 'Label does not exist' }] }).results).toHaveLength(1);
    expect(ErrorBody.parse({ error_code: 'ModelArts.4352', error_msg: 'Dataset does not exist' }).error_code).toBe('ModelArts.4352');
  });

  it('rejects what the API forbids', () => {
    const base = D2_EXAMPLES[0];
    expect(() => CreateDatasetBody.parse({ ...base, dataset_name: 'bad name!' })).toThrow();
    expect(() => CreateDatasetBody.parse({ ...base, description: 'a<b' })).toThrow();
    expect(() => CreateDatasetBody.parse({ ...base, dataset_type: 2 })).toThrow();
    expect(() => CreateDatasetBody.parse({ ...base, data_sources: [] })).toThrow();
    expect(() => LabelsBody.parse({ labels: [{ name: 'x', property: { '@modelarts:color': 'blue' } }] })).toThrow();
  });
});
