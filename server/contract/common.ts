import { z } from 'zod';

/** Query strings arrive as strings; these coerce them the way the API documents. */
export const queryInt = (min: number, max: number) =>
  z.coerce.number().int().min(min).max(max);

export const queryBool = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true');

export const Order = z.enum(['asc', 'desc']);

/** `offset` is a page index (0-based), `limit` the page size (modelarts-api.md §0). */
export const pageQuery = (maxLimit: number, defaultLimit: number) => ({
  offset: queryInt(0, 1_000_000_000).default(0),
  limit: queryInt(1, maxLimit).default(defaultLimit),
});

export const ProjectParams = z.object({ project_id: z.string() });
export const DatasetParams = ProjectParams.extend({ dataset_id: z.string() });

/** 19-character alphanumeric id, as dataset / version / task ids are. */
export const ResourceId = z.string().regex(/^[A-Za-z0-9]{19}$/);

/** Batch body (modelarts-api.md §0, §1 BatchResponse). */
export const BatchResponse = z.object({
  success: z.boolean(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
});
export const BatchBody = z.object({
  success: z.boolean(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  results: z.array(BatchResponse.passthrough()).optional(),
});
export type BatchBody = z.infer<typeof BatchBody>;

export const EmptyBody = z.object({}).passthrough();

/** Free-text fields that the API forbids `^!<>=&"'` in (descriptions, comments). */
export const SafeText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^!<>=&"'^]*$/, 'must not contain ^ ! < > = & " \'');

/** Names of datasets, versions, tasks: `[A-Za-z0-9_-]`. */
export const ResourceName = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, _ and - are allowed');
