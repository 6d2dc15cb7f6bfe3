import { z } from 'zod';
import { DatasetParams, ResourceName, SafeText, pageQuery, queryInt } from './common.js';
import { LabelStats } from './label.js';

/** Dataset version status (modelarts-api.md §9); `isVersionFinal` says whether it can still change by itself. */
export const VERSION_STATUS = { CREATING: 0, NORMAL: 1, DELETING: 2, DELETED: 3, ERROR: 4 } as const;
export const isVersionFinal = (status: number) => status !== VERSION_STATUS.CREATING && status !== VERSION_STATUS.DELETING;

/** `version_format` words, and the integers V1's filter uses for them (§9). */
export const VERSION_FORMATS = ['Default', 'CarbonData', 'CSV'] as const;
export const VersionFormat = z.enum(VERSION_FORMATS);

/**
 * `train_evaluate_sample_ratio`: the share of labeled samples used for training, as a decimal string from
 * "0" to "1" ("0.8", "1.00"); the rest is used for evaluation.
 */
export const SampleRatio = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/, 'must be a decimal from 0 to 1 such as "0.8"');

/** DatasetVersion (§1). `manifest_url` is a local extension: a signed URL to download the manifest. */
export const DatasetVersion = z.object({
  version_id: z.string(),
  version_name: z.string(),
  version_format: z.string(),
  previous_version_id: z.string().optional(),
  status: z.number().int(),
  is_current: z.boolean(),
  create_time: z.number(),
  update_time: z.number(),
  description: z.string(),
  task_type: z.number().int(),
  label_type: z.enum(['single', 'multi']),
  total_sample_count: z.number().int(),
  annotated_sample_count: z.number().int(),
  previous_total_sample_count: z.number().int(),
  previous_annotated_sample_count: z.number().int(),
  add_sample_count: z.number().int(),
  modified_sample_count: z.number().int(),
  deleted_sample_count: z.number().int(),
  label_stats: z.array(LabelStats),
  train_evaluate_sample_ratio: z.string(),
  remove_sample_usage: z.boolean(),
  export_images: z.boolean(),
  clear_hard_property: z.boolean(),
  manifest_path: z.string(),
  data_path: z.string(),
  tags: z.array(z.string()),
  code: z.string().optional(),
  message: z.string().optional(),
  manifest_url: z.string().optional(),
});
export type DatasetVersion = z.infer<typeof DatasetVersion>;

export const VersionParams = DatasetParams;
export const VersionPathParams = DatasetParams.extend({ version_id: z.string() });

// V1
export const ListVersionsQuery = z.object({
  ...pageQuery(1000, 1000),
  status: queryInt(0, 4).optional(),
  /** "min,max": versions whose train share lies in [min, max]. */
  train_evaluate_ratio: z
    .string()
    .regex(/^\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*$/, 'must be "min,max", e.g. "0.5,0.9"')
    .optional(),
  version_format: queryInt(0, 2).optional(),
});
export type ListVersionsQuery = z.input<typeof ListVersionsQuery>;
export const ListVersionsResp = z.object({ total_number: z.number().int(), versions: z.array(DatasetVersion) });
export type ListVersionsResp = z.infer<typeof ListVersionsResp>;

// V2
export const CreateVersionBody = z.object({
  /** 1–32 `[A-Za-z0-9_-]`; omitted → V001, V002 … from the dataset's `next_version_num`. */
  version_name: ResourceName(1, 32).optional(),
  version_format: VersionFormat.default('Default'),
  description: SafeText(256).optional(),
  train_evaluate_sample_ratio: SampleRatio.default('1.00'),
  clear_hard_property: z.boolean().default(true),
  remove_sample_usage: z.boolean().default(true),
  export_images: z.boolean().default(false),
  with_column_header: z.boolean().optional(),
});
export type CreateVersionBody = z.infer<typeof CreateVersionBody>;
export type CreateVersionInput = z.input<typeof CreateVersionBody>;
export const CreateVersionResp = z.object({ version_id: z.string() });
