import { z } from 'zod';

/**
 * SearchCondition (modelarts-api.md §1). In S1's `search_conditions` query (URL-encoded JSON array) the
 * conditions are ANDed; in export params they are ORed. Within one condition every field present must hold.
 */
export const LabelCondition = z.object({
  name: z.string().optional(),
  type: z.number().int().optional(),
  op: z.string().optional(),
  /** Label property values to match, e.g. `{"@modelarts:shape": ["bndbox"]}`; any listed value matches. */
  property: z.record(z.string(), z.array(z.string())).optional(),
});

export const SearchCondition = z.object({
  /** `AND`: the sample carries every listed label; `OR`: at least one. */
  label_list: z.object({ op: z.enum(['AND', 'OR']).default('OR'), labels: z.array(LabelCondition).min(1) }).optional(),
  metadata: z.object({ op: z.enum(['AND', 'OR']).default('AND'), props: z.record(z.string(), z.array(z.string())) }).optional(),
  /** Part of the sample's file name (case-insensitive). */
  sample_name: z.string().max(1024).optional(),
  /** Folder object path ending with `/`; non-recursive. */
  sample_dir: z.string().max(1024).optional(),
  /** `month` | `day` | `yyyyMMdd-yyyyMMdd` (at most 30 days). */
  sample_time: z.string().optional(),
  labeler: z.string().optional(),
  hard: z.enum(['0', '1']).optional(),
  coefficient: z.string().optional(),
  /** Score range `low-high`, e.g. `0.5-1`. */
  score: z.string().optional(),
  import_origin: z.string().optional(),
  parent_sample_id: z.string().optional(),
  frame_in_video: z.number().int().optional(),
  time_in_video: z.string().optional(),
  kvp: z.string().optional(),
  slice_thickness: z.string().optional(),
  study_date: z.string().optional(),
});
export type SearchCondition = z.infer<typeof SearchCondition>;
export const SearchConditions = z.array(SearchCondition);
