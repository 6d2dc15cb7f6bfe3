import { z } from 'zod';
import { BatchBody, DatasetParams, queryBool, queryInt } from './common.js';

/** Label types (modelarts-api.md §9). */
export const LABEL_TYPES = [0, 1, 3, 100, 101, 102, 103, 200, 201, 202, 400, 600, 900] as const;
export const LabelType = z.coerce
  .number()
  .int()
  .refine((v) => (LABEL_TYPES as readonly number[]).includes(v), 'unknown label type');

export const SHAPES = ['bndbox', 'polygon', 'circle', 'line', 'dashed', 'point', 'polyline'] as const;
export const Shape = z.enum(SHAPES);

export const LabelProperty = z
  .object({
    '@modelarts:color': z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #3399ff')
      .optional(),
    '@modelarts:default_shape': Shape.optional(),
    '@modelarts:shortcut': z.string().min(1).max(16).optional(),
    '@modelarts:from_type': z.string().optional(),
    '@modelarts:to_type': z.string().optional(),
    '@modelarts:rename_to': z.string().optional(),
  })
  .catchall(z.string());
export type LabelProperty = z.infer<typeof LabelProperty>;

export const LabelAttribute = z.object({
  id: z.string().optional(),
  name: z
    .string()
    .max(64)
    .regex(/^[^!<>=&"']*$/),
  type: z.enum(['text', 'select']).optional(),
  default_value: z.string().optional(),
  values: z.array(z.object({ id: z.string().optional(), value: z.string() })).optional(),
});

/** Label names: any Unicode text, no control characters, trimmed, 1–256 characters. */
export const LabelName = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) && s.trim() === s, 'invalid label name');

export const Label = z.object({
  name: LabelName,
  type: LabelType.optional(),
  property: LabelProperty.optional(),
  attributes: z.array(LabelAttribute).optional(),
});
export type Label = z.infer<typeof Label>;

/** A label as read back: with the type always set and its counts (LabelStats). */
export const LabelStats = Label.extend({
  type: z.number().int(),
  count: z.number().int(),
  sample_count: z.number().int(),
});
export type LabelStats = z.infer<typeof LabelStats>;

// L1
export const ListLabelsQuery = z.object({
  version_id: z.string().optional(),
  offset: queryInt(0, 1_000_000_000).default(0),
  limit: queryInt(1, 100_000).default(100_000),
});
export const ListLabelsResp = z.object({ total_number: z.number().int(), labels: z.array(LabelStats) });
export type ListLabelsResp = z.infer<typeof ListLabelsResp>;

// L2, L3, L4
export const LabelsBody = z.object({ labels: z.array(Label).min(1) });
export type LabelsBody = z.infer<typeof LabelsBody>;
export const DeleteLabelsBody = z.object({
  labels: z.array(Label.partial({ name: true }).extend({ name: LabelName })).min(1),
});
export const DELETE_POLICIES = [0, 1, 2] as const;
export const DeleteLabelsQuery = z.object({
  delete_policy: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || v === 1 || v === 2, 'delete_policy must be 0, 1 or 2')
    .default(0),
});
export const LabelsBatchResp = BatchBody;

// L5, L6
export const LabelPathParams = DatasetParams.extend({ label_name: z.string() });
export const UpdateLabelQuery = z.object({ label_type: LabelType.optional() });
export const DeleteLabelQuery = z.object({
  delete_source: queryBool.default(false),
  label_type: LabelType.optional(),
});

/**
 * Local extension: what deleting these labels would do, for the console's confirmation dialog.
 * `sample_count`: samples carrying any of the labels; `exclusive_sample_count`: samples that carry only
 * these labels (deleted by policy 1 and 2); `file_count`: source files policy 2 would remove.
 */
export const LabelDeleteImpactQuery = z.object({
  label_name: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
});
export const LabelDeleteImpactResp = z.object({
  sample_count: z.number().int(),
  exclusive_sample_count: z.number().int(),
  file_count: z.number().int(),
});
export type LabelDeleteImpactResp = z.infer<typeof LabelDeleteImpactResp>;
