import { z } from 'zod';
import { DatasetParams, ProjectParams, pageQuery, queryInt } from './common.js';
import { SampleState } from './sample.js';
import { SearchConditions } from './search.js';
import { VersionFormat } from './version.js';

/** Export status (§9; `SUCCESSED` is the API's spelling) and which of them are final. */
export const EXPORT_STATUSES = ['INIT', 'RUNNING', 'SUCCESSED', 'FAILED'] as const;
export const ExportStatus = z.enum(EXPORT_STATUSES);
export type ExportStatus = z.infer<typeof ExportStatus>;
export const isExportTerminal = (s: string | undefined) => s === 'SUCCESSED' || s === 'FAILED';

/** export_type: 0 labeled, 1 unlabeled, 2 all, 3 by search condition (§9). */
export const EXPORT_TYPES = [0, 1, 2, 3] as const;
/** export_format: 1 tree (`cat/1.jpg`), 2 flat (`1.jpg` + `1.txt`). */
export const EXPORT_FORMATS = [1, 2] as const;
export const ANNOTATION_FORMATS = ['VOC', 'COCO'] as const;
export const EXPORT_DESTS = ['DIR', 'NEW_DATASET'] as const;

/** ExportParams (§1). */
export const ExportParams = z.object({
  export_dest: z.enum(EXPORT_DESTS).optional(),
  export_new_dataset_name: z.string().min(1).max(100).optional(),
  export_new_dataset_work_path: z.string().min(1).max(1024).optional(),
  export_dataset_version_name: z.string().max(32).optional(),
  export_dataset_version_format: VersionFormat.optional(),
  sample_state: SampleState.optional(),
  samples: z.array(z.string().min(1).max(64)).max(100_000).optional(),
  /** ORed (unlike the sample list's query, where they are ANDed). */
  search_conditions: SearchConditions.optional(),
  clear_hard_property: z.boolean().optional(),
  ratio_sample_usage: z.boolean().optional(),
  train_sample_ratio: z.string().regex(/^(0(\.\d{1,2})?|1(\.0{1,2})?)$/, 'a ratio between 0.00 and 1.00').optional(),
});
export type ExportParams = z.infer<typeof ExportParams>;

/**
 * ExportParams as E1 / E3 return them: the request's values, without the input transforms (responses are
 * encoded, and a transform cannot be encoded).
 */
export const ExportParamsResp = ExportParams.extend({
  sample_state: z.string().optional(),
  search_conditions: z.array(z.record(z.string(), z.unknown())).optional(),
});

/** E2 body. `task_id` and `status` are listed by the API's schema and ignored on input. */
export const CreateExportTaskBody = z.object({
  path: z.string().min(1).max(1024).optional(),
  export_type: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  export_format: z.union([z.literal(1), z.literal(2)]).optional(),
  annotation_format: z.enum(ANNOTATION_FORMATS).optional(),
  export_params: ExportParams.optional(),
  sample_state: SampleState.optional(),
  version_id: z.string().min(1).max(64).optional(),
  version_format: VersionFormat.optional(),
  with_column_header: z.boolean().optional(),
  source_type_header: z.enum(['obs://', 's3://']).optional(),
  task_id: z.string().optional(),
  status: z.string().optional(),
});
export type CreateExportTaskBody = z.infer<typeof CreateExportTaskBody>;
export const CreateExportTaskResp = z.object({ task_id: z.string() });

export const ExportTaskStatusResp = z.object({
  task_id: z.string(),
  path: z.string().optional(),
  export_type: z.number().int(),
  export_format: z.number().int().optional(),
  export_params: ExportParamsResp.optional(),
  version_id: z.string().optional(),
  version_format: z.string().optional(),
  status: ExportStatus,
  /** Percent, 0–100. */
  progress: z.number(),
  total_sample_count: z.number().int(),
  finished_sample_count: z.number().int(),
  create_time: z.number(),
  update_time: z.number(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  // Local extensions (not in ModelArts).
  annotation_format: z.enum(ANNOTATION_FORMATS).optional(),
  /** Object path of the manifest written (DIR exports), once the output is published. */
  manifest_path: z.string().optional(),
  /** The dataset created by a NEW_DATASET export. */
  new_dataset_id: z.string().optional(),
  /** Object path of the folder the export wrote (DIR) or copied the samples into (NEW_DATASET). */
  output_path: z.string().optional(),
  /** Annotations that the chosen format cannot hold (e.g. a circle in COCO), left out of the output. */
  skipped_annotation_count: z.number().int().optional(),
});
export type ExportTaskStatusResp = z.infer<typeof ExportTaskStatusResp>;

export const ListExportTasksQuery = z.object({
  export_type: queryInt(0, 3).optional(),
  ...pageQuery(100, 10),
});
export const ListExportTasksResp = z.object({
  total_count: z.number().int(),
  export_tasks: z.array(ExportTaskStatusResp),
});
/** E3 names the dataset `resource_id` (§12). */
export const ExportTaskParams = ProjectParams.extend({ resource_id: z.string(), task_id: z.string() });
export const ExportTasksParams = DatasetParams;
