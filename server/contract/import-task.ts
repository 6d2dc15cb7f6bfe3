import { z } from 'zod';
import { DatasetParams, pageQuery } from './common.js';
import { DataSource } from './dataset.js';

/** Import / sync status (§9) and which of them are final. */
export const IMPORT_STATUSES = ['QUEUING', 'STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'NOT_EXIST'] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;
export const isImportTerminal = (s: string | undefined) => s === 'COMPLETED' || s === 'FAILED' || s === 'NOT_EXIST';

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
});
export type ImportTaskStatusResp = z.infer<typeof ImportTaskStatusResp>;

export const ImportTaskParams = DatasetParams.extend({ task_id: z.string() });
export const ListImportTasksQuery = z.object(pageQuery(100, 10));
export const ListImportTasksResp = z.object({
  total_count: z.number().int(),
  import_tasks: z.array(ImportTaskStatusResp),
});
