import { z } from 'zod';
import { BatchBody, DatasetParams, Order, pageQuery, queryInt } from './common.js';
import { LabelName, LabelType } from './label.js';

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
