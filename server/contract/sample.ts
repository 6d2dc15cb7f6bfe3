import { z } from 'zod';
import { BatchBody, DatasetParams, Order, pageQuery, queryInt } from './common.js';
import { Label, LabelName, LabelType } from './label.js';
import { SearchConditions } from './search.js';

/** Sample status as the API returns it (§9), and the filter values S1 accepts. */
export const SAMPLE_STATUSES = ['UN_ANNOTATION', 'MANUAL_ANNOTATION', 'AUTO_ANNOTATION'] as const;
export const SampleStatus = z.enum(SAMPLE_STATUSES);
export type SampleStatus = z.infer<typeof SampleStatus>;

/** `sample_state` filter values (§9). The ones this engine counts per dataset come first. */
export const SAMPLE_STATES = [
  '__ALL__',
  '__NONE__',
  '__AUTO_ANNOTATION__',
  '__UNCHECK__',
  '__ACCEPTED__',
  '__REJECTED__',
  '__UNREVIEWED__',
  '__REVIEWED__',
  '__WORKFORCE_SAMPLED__',
  '__WORKFORCE_SAMPLED_UNCHECK__',
  '__WORKFORCE_SAMPLED_CHECKED__',
  '__WORKFORCE_SAMPLED_ACCEPTED__',
  '__WORKFORCE_SAMPLED_REJECTED__',
] as const;
export const SampleState = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(SAMPLE_STATES));

export const SAMPLE_TYPES = [0, 1, 2, 4, 6, 9] as const;

/** Annotation on a sample (SampleLabel, §1). Property keys are the `@modelarts:` ones. */
export const SampleLabel = z.object({
  id: z.string().optional(),
  name: LabelName,
  type: LabelType.optional(),
  score: z.number().min(0).max(1).optional(),
  annotated_by: z.string().optional(),
  property: z.record(z.string(), z.unknown()).optional(),
});
export type SampleLabel = z.infer<typeof SampleLabel>;

export const SampleMetadata = z.record(z.string(), z.unknown());

export const Worker = z.object({ email: z.string().optional(), worker_id: z.string().optional() }).passthrough();

export const DescribeSampleResp = z.object({
  sample_id: z.string(),
  sample_name: z.string(),
  sample_dir: z.string(),
  sample_type: z.number().int(),
  sample_status: z.string(),
  sample_time: z.number(),
  sample_size: z.number(),
  source: z.string(),
  sample_data: z.array(z.string()).optional(),
  labels: z.array(SampleLabel),
  metadata: SampleMetadata,
  labelers: z.array(Worker).optional(),
  worker_id: z.string().optional(),
  sample_usage: z.string().optional(),
  score: z.number().optional(),
  check_accept: z.boolean().optional(),
  check_comment: z.string().optional(),
  check_score: z.string().optional(),
  review_accept: z.boolean().optional(),
  review_comment: z.string().optional(),
  review_score: z.string().optional(),
  hard_details: z.record(z.string(), z.unknown()).optional(),
  deletion_reasons: z.array(z.string()).optional(),
});
export type DescribeSampleResp = z.infer<typeof DescribeSampleResp>;

/** `process_parameter`: OBS image processing; only resizing is supported (thumbnails). */
export const ProcessParameter = z
  .string()
  .regex(/^image\/resize(,(m_lfit|m_fixed|m_fill|m_pad|m_mfit|[hwl]_\d{1,4}))+$/, 'unsupported process_parameter');

// S1
export const SampleParams = DatasetParams;
export const ListSamplesQuery = z.object({
  ...pageQuery(100, 10),
  order: Order.default('desc'),
  version_id: z.string().optional(),
  sample_state: SampleState.optional(),
  sample_type: queryInt(0, 9).optional(),
  label_name: z.string().optional(),
  label_type: LabelType.optional(),
  low_score: z.coerce.number().min(0).max(1).optional(),
  high_score: z.coerce.number().min(0).max(1).optional(),
  email: z.string().optional(),
  locale: z.string().optional(),
  preview: z.string().optional(),
  process_parameter: ProcessParameter.optional(),
  search_conditions: z.string().optional(),
});
export type ListSamplesQuery = z.input<typeof ListSamplesQuery>;
export const ListSamplesResp = z.object({ sample_count: z.number().int(), samples: z.array(DescribeSampleResp) });
export type ListSamplesResp = z.infer<typeof ListSamplesResp>;

// S5
export const SamplePathParams = DatasetParams.extend({ sample_id: z.string() });
export const SampleDetailQuery = z.object({
  locale: z.string().optional(),
  sample_state: z.string().optional(),
  worker_id: z.string().optional(),
  process_parameter: ProcessParameter.optional(),
});

// S4
export const DeleteSamplesBody = z.object({
  samples: z.array(z.string()).min(1).max(100_000),
  delete_source: z.boolean().default(false),
});
export type DeleteSamplesBody = z.input<typeof DeleteSamplesBody>;
export const DeleteSamplesResp = BatchBody;

// S2
/** A file as S2 adds it: its bytes (`data`, base64) or an existing object (`data_source.data_path`). */
export const AddSample = z.object({
  name: z.string().max(1024).optional(),
  sample_type: z.number().int().optional(),
  data: z.string().max(16 * 1024 * 1024).optional(),
  data_source: z.object({ data_type: z.number().int().optional(), data_path: z.string().min(1).max(1024) }).passthrough().optional(),
  encoding: z.enum(['UTF-8', 'GBK', 'GB2312']).optional(),
  labels: z.array(SampleLabel).max(10_000).optional(),
  metadata: SampleMetadata.optional(),
});
export type AddSample = z.infer<typeof AddSample>;
export const AddSamplesBody = z.object({
  samples: z.array(AddSample).min(1).max(1000),
  /** false: the labels are an auto-labeling result "to be confirmed" (classification and detection only). */
  final_annotation: z.boolean().default(true),
  label_format: z.object({}).passthrough().optional(),
});
export type AddSamplesBody = z.input<typeof AddSamplesBody>;
export const AddSampleResult = z.object({
  success: z.boolean(),
  name: z.string().optional(),
  /** The sample id (md5 of its object path). */
  info: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export const AddSamplesResp = z.object({
  success: z.boolean(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  results: z.array(AddSampleResult),
});
export type AddSamplesResp = z.infer<typeof AddSamplesResp>;

// S3
export const SAMPLE_USAGES = ['TRAIN', 'EVAL', 'TEST', 'INFERENCE'] as const;
/** SampleLabels (§1): the sample's complete label list — empty or absent removes every label. */
export const SampleLabels = z.object({
  sample_id: z.string().min(1).max(64),
  sample_type: z.number().int().optional(),
  sample_usage: z.enum(SAMPLE_USAGES).optional(),
  source: z.string().optional(),
  worker_id: z.string().optional(),
  labels: z.array(SampleLabel).max(10_000).optional(),
  /** Merged into the sample's metadata; a key set to null is removed. */
  metadata: SampleMetadata.optional(),
});
export type SampleLabels = z.infer<typeof SampleLabels>;
export const UpdateSamplesBody = z.object({
  /** The labeler recorded on the samples (else `human`). */
  email: z.string().max(256).optional(),
  samples: z.array(SampleLabels).min(1).max(10_000),
});
export type UpdateSamplesBody = z.input<typeof UpdateSamplesBody>;

// S6
export const SearchConditionResp = z.object({
  labels: z.array(Label.extend({ type: z.number().int() })),
  /** `human/<email>` (or `human`) for each labeler of the dataset's samples. */
  labelers: z.array(z.string()),
  /** Metadata key → the values samples carry (most frequent first). */
  metadata: z.record(z.string(), z.array(z.string())),
});
export type SearchConditionResp = z.infer<typeof SearchConditionResp>;

// Local extension: batch edit of every sample matching a filter.
export const BATCH_ACTIONS = ['add_labels', 'remove_labels', 'set_labels', 'delete'] as const;
export const BatchByFilterBody = z.object({
  /** The same filter as S1: `sample_state`, `label_name` and `search_conditions` (ANDed). */
  sample_state: SampleState.optional(),
  label_name: z.string().max(256).optional(),
  search_conditions: SearchConditions.optional(),
  action: z.enum(BATCH_ACTIONS),
  /** Labels to add, remove (by name) or set as the complete list. */
  labels: z.array(SampleLabel).max(1000).optional(),
  /** With `delete`: also remove the source files. */
  delete_source: z.boolean().default(false),
  /** The count the user confirmed; when the filter now matches another number: 400 ModelArts.4396. */
  expected_count: z.number().int().min(0).optional(),
});
export type BatchByFilterBody = z.input<typeof BatchByFilterBody>;
/**
 * The batch runs as a task (kind `batch`) on the engine's queue: follow it in the task center
 * (`GET /task-center/tasks/{task_id}`), whose `result` holds `{ matched, changed }` once it has run —
 * `changed` = samples changed (or deleted); a sample that already was as asked is matched but not changed.
 */
export const BatchByFilterResp = z.object({
  /** Samples the filter matched when the request was checked (the count `expected_count` is compared with). */
  matched: z.number().int(),
  task_id: z.string(),
  /** Not sent by the engine: the count is in the task's result. */
  changed: z.number().int().optional(),
});
export type BatchByFilterResp = z.infer<typeof BatchByFilterResp>;
