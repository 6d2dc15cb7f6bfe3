import { z } from 'zod';
import { Order, ProjectParams, ResourceName, SafeText, pageQuery, queryBool, queryInt } from './common.js';
import { Label, LabelStats } from './label.js';
import { DatasetVersion } from './version.js';

/** Dataset types (modelarts-api.md §9), with the sample type each holds. */
export const DATASET_TYPES = {
  0: { key: 'image_classification', sampleType: 0, labelable: true },
  1: { key: 'object_detection', sampleType: 0, labelable: true },
  3: { key: 'image_segmentation', sampleType: 0, labelable: true },
  100: { key: 'text_classification', sampleType: 1, labelable: false },
  101: { key: 'named_entity_recognition', sampleType: 1, labelable: false },
  102: { key: 'text_triplet', sampleType: 1, labelable: false },
  200: { key: 'sound_classification', sampleType: 2, labelable: false },
  201: { key: 'speech_content', sampleType: 2, labelable: false },
  202: { key: 'speech_paragraph', sampleType: 2, labelable: false },
  400: { key: 'table', sampleType: 4, labelable: false },
  600: { key: 'video', sampleType: 6, labelable: false },
  900: { key: 'custom', sampleType: 9, labelable: false },
} as const;
export type DatasetTypeId = keyof typeof DATASET_TYPES;
export const DATASET_TYPE_IDS = Object.keys(DATASET_TYPES).map(Number) as DatasetTypeId[];
export const isImageDatasetType = (t: number) => t === 0 || t === 1 || t === 3;
export const DatasetType = z.coerce
  .number()
  .int()
  .refine((v) => v in DATASET_TYPES, 'unknown dataset_type');

/** Dataset status (§9); `isDatasetBusy` says whether a status can still change by itself. */
export const DATASET_STATUS = {
  CREATING: 0,
  NORMAL: 1,
  DELETING: 2,
  DELETED: 3,
  ABNORMAL: 4,
  SYNCING: 5,
  RELEASING: 6,
  SWITCHING: 7,
  IMPORTING: 8,
} as const;
export const isDatasetBusy = (status: number) => [0, 2, 5, 6, 7, 8].includes(status);

export const SourceInfo = z.record(z.string(), z.string());
export const DataSource = z.object({
  data_type: z.number().int().min(0).max(6).default(0),
  data_path: z.string().min(1).max(700),
  with_column_header: z.boolean().optional(),
  schema_maps: z.array(z.object({ src_name: z.string(), dest_name: z.string() })).optional(),
  source_info: SourceInfo.optional(),
});
export type DataSource = z.infer<typeof DataSource>;

export const Field = z.object({
  schema_id: z.number().int().optional(),
  name: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
});

export const LabelFormat = z.object({
  label_type: z.enum(['0', '1']).optional(),
  text_label_separator: z.string().max(1).optional(),
  text_sample_separator: z.string().max(1).optional(),
});

// D2
export const CreateDatasetBody = z.object({
  dataset_name: ResourceName(1, 100),
  dataset_type: DatasetType.default(0),
  data_sources: z.array(DataSource).min(1).max(1),
  // No max here: a work path over 700 characters is refused with the API's own code (4350).
  work_path: z.string().min(3),
  work_path_type: z.literal(0),
  description: SafeText(256).optional(),
  labels: z.array(Label).optional(),
  import_annotations: z.boolean().optional(),
  import_data: z.boolean().optional(),
  data_format: z.enum(['Default', 'CarbonData']).optional(),
  label_format: LabelFormat.optional(),
  schema: z.array(Field).optional(),
  managed: z.boolean().optional(),
  workforce_information: z.record(z.string(), z.unknown()).optional(),
  workspace_id: z.string().optional(),
});
export type CreateDatasetBody = z.infer<typeof CreateDatasetBody>;
export const CreateDatasetResp = z.object({
  dataset_id: z.string(),
  import_task_id: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});

// D3 (also the items of D1)
export const Dataset = z.object({
  dataset_id: z.string(),
  dataset_name: z.string(),
  dataset_type: z.number().int(),
  dataset_format: z.number().int(),
  data_format: z.string(),
  description: z.string(),
  status: z.number().int(),
  create_time: z.number(),
  update_time: z.number(),
  data_update_time: z.number(),
  data_sources: z.array(DataSource),
  work_path: z.string(),
  work_path_type: z.number().int(),
  inner_work_path: z.string(),
  inner_annotation_path: z.string(),
  inner_data_path: z.string(),
  inner_log_path: z.string(),
  inner_temp_path: z.string(),
  inner_task_path: z.string(),
  current_version_id: z.string().optional(),
  current_version_name: z.string().optional(),
  next_version_num: z.number().int(),
  dataset_version_count: z.number().int(),
  /** The current version only (D3). */
  versions: z.array(DatasetVersion).optional(),
  labels: z.array(LabelStats),
  schema: z.array(Field).optional(),
  total_sample_count: z.number().int(),
  annotated_sample_count: z.number().int(),
  unconfirmed_sample_count: z.number().int(),
  deleted_sample_count: z.number().int(),
  loading_sample_count: z.number().int(),
  exist_running_task: z.boolean(),
  running_tasks_id: z.array(z.string()),
  exist_workforce_task: z.boolean(),
  workforce_task_count: z.number().int(),
  import_data: z.boolean(),
  import_task_id: z.string().optional(),
  managed: z.boolean(),
  content_labeling: z.boolean(),
  feature_supports: z.array(z.string()),
  workspace_id: z.string(),
});
export type Dataset = z.infer<typeof Dataset>;

export const DatasetPathParams = ProjectParams.extend({ dataset_id: z.string() });

// D3
export const GetDatasetQuery = z.object({
  check_running_task: queryBool.optional(),
  running_task_type: queryInt(0, 7).optional(),
});

// D1
export const ListDatasetsQuery = z.object({
  ...pageQuery(100, 10),
  order: Order.default('desc'),
  sort_by: z.enum(['create_time', 'dataset_name']).default('create_time'),
  search_content: z.string().max(256).optional(),
  dataset_type: DatasetType.optional(),
  workspace_id: z.string().optional(),
  check_running_task: queryBool.optional(),
  running_task_type: queryInt(0, 7).optional(),
  contain_versions: queryBool.optional(),
  file_preview: queryBool.optional(),
  with_labels: queryBool.optional(),
});
export type ListDatasetsQuery = z.input<typeof ListDatasetsQuery>;
export const ListDatasetsResp = z.object({ total_number: z.number().int(), datasets: z.array(Dataset) });
export type ListDatasetsResp = z.infer<typeof ListDatasetsResp>;

// D4
export const UpdateDatasetBody = z.object({
  dataset_name: ResourceName(1, 100).optional(),
  description: SafeText(256).optional(),
  current_version_id: z.string().optional(),
  add_labels: z.array(Label).optional(),
  update_labels: z.array(Label).optional(),
  delete_labels: z.array(Label).optional(),
});
export type UpdateDatasetBody = z.infer<typeof UpdateDatasetBody>;
export const UpdateDatasetResp = z.object({ dataset_id: z.string() });

// D6
export const StatsQuery = z.object({
  email: z.string().optional(),
  locale: z.string().optional(),
  sample_state: z.string().optional(),
});
export const DatasetStats = z.object({
  label_stats: z.array(LabelStats),
  grouped_label_stats: z.record(z.string(), z.array(LabelStats)),
  sample_stats: z.record(z.string(), z.number().int()),
  key_sample_stats: z.record(z.string(), z.number().int()),
  hard_detail_stats: z.record(z.string(), z.unknown()),
  metadata_stats: z.record(z.string(), z.unknown()),
  data_path: z.string(),
  data_spliting_enable: z.boolean(),
});
export type DatasetStats = z.infer<typeof DatasetStats>;
