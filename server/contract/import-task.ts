import { z } from 'zod';
import { DatasetParams, pageQuery } from './common.js';
import { DataSource, LabelFormat } from './dataset.js';
import { Label } from './label.js';

/** Import / sync status (§9) and which of them are final. */
export const IMPORT_STATUSES = ['QUEUING', 'STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'NOT_EXIST'] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;
export const isImportTerminal = (s: string | undefined) => s === 'COMPLETED' || s === 'FAILED' || s === 'NOT_EXIST';

/** One problem met by an import (local extension). */
export const ImportIssue = z.object({ path: z.string(), reason: z.string() });
export type ImportIssue = z.infer<typeof ImportIssue>;

export const IMPORT_TYPES = ['dir', 'manifest'] as const;
/** `import_type` in responses: 0 dir, 1 manifest (§9). */
export const importTypeCode = (t: (typeof IMPORT_TYPES)[number]) => (t === 'manifest' ? 1 : 0);

export const ImportTaskStatusResp = z.object({
  task_id: z.string(),
  dataset_id: z.string(),
  import_path: z.string(),
  import_type: z.number().int(),
  status: ImportStatus,
  data_source: DataSource.optional(),
  total_sample_count: z.number().int(),
  imported_sample_count: z.number().int(),
  annotated_sample_count: z.number().int(),
  unconfirmed_sample_count: z.number().int(),
  total_file_count: z.number().int(),
  finished_file_count: z.number().int(),
  total_file_size: z.number(),
  finished_file_size: z.number(),
  file_statistics: z.object({
    file_num_total: z.number().int(),
    file_num_finished: z.number().int(),
    file_size_total: z.number(),
    file_size_finished: z.number(),
  }),
  create_time: z.number(),
  update_ms: z.number(),
  elapsed_time: z.number(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  // Local extensions (not in ModelArts): what an import skipped, so a user can fix the source.
  /** Files that could not be read as images (counted in finished_file_count, not imported). */
  failed_file_count: z.number().int().optional(),
  /** Annotations skipped as invalid (a box outside the image, an unknown label type, a COCO crowd region …). */
  invalid_annotation_count: z.number().int().optional(),
  /** Files left out by the options: not a hard example (difficult_only), no such sample (import_samples false). */
  skipped_file_count: z.number().int().optional(),
  /** Annotations left out by included_labels / excluded_labels. */
  excluded_annotation_count: z.number().int().optional(),
  /** The first problems found, each with the object path it concerns. */
  issues: z.array(ImportIssue).optional(),
});
export type ImportTaskStatusResp = z.infer<typeof ImportTaskStatusResp>;

export const ImportTaskParams = DatasetParams.extend({ task_id: z.string() });
export const ListImportTasksQuery = z.object(pageQuery(100, 10));
export const ListImportTasksResp = z.object({
  total_count: z.number().int(),
  import_tasks: z.array(ImportTaskStatusResp),
});

/** I2 body. `included_labels` / `excluded_labels` come as plain strings in the API's examples: both forms pass. */
export const CreateImportTaskBody = z.object({
  import_path: z.string().min(1).max(1024),
  import_type: z.enum(IMPORT_TYPES).optional(),
  import_origin: z.enum(['obs', 'dws', 'dli', 'rds', 'mrs', 'inference']).optional(),
  data_source: DataSource.optional(),
  import_annotations: z.boolean().optional(),
  import_samples: z.boolean().optional(),
  final_annotation: z.boolean().optional(),
  difficult_only: z.boolean().optional(),
  included_labels: z.array(z.union([z.string(), Label])).optional(),
  excluded_labels: z.array(z.union([z.string(), Label])).optional(),
  import_folder: z.string().optional(),
  label_format: LabelFormat.optional(),
  with_column_header: z.boolean().optional(),
});
export type CreateImportTaskBody = z.infer<typeof CreateImportTaskBody>;
export const CreateImportTaskResp = z.object({ task_id: z.string() });

/** Y2: the dataset's last sync (`status` NOT_EXIST when it never synced). */
export const SyncStatusResp = z.object({
  task_id: z.string().optional(),
  dataset_id: z.string(),
  status: ImportStatus,
  add_sample_count: z.number().int(),
  deleted_sample_count: z.number().int(),
  total_sample_count: z.number().int(),
  create_time: z.number().optional(),
  /** Milliseconds from start to end (or to now while it runs). */
  duration_time: z.number().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export type SyncStatusResp = z.infer<typeof SyncStatusResp>;
