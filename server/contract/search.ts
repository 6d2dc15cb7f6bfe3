import { z } from 'zod';

/**
 * SearchCondition (modelarts-api.md §1). In S1's `search_conditions` query (URL-encoded JSON array) the
 * conditions are ANDed; in export params they are ORed. Within one condition every field present must hold.
 *
 * Matching rules of this engine:
 * - property and metadata values compare as text: strings as they are, integers and booleans by their
 *   JSON text (`1`, `true`); a key listed with `null` (or no values) matches when the key is present;
 * - `sample_name` is a substring, case-insensitive for ASCII letters;
 * - days (`sample_time`) are UTC days; `score` and `coefficient` are inclusive ranges `low-high`;
 * - conditions on attributes these samples never carry (video frames, DICOM, parent samples) match none.
 */
const AndOr = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(['AND', 'OR']));

/** Values to match per key; `null` (or an empty list) means "the key is present". */
const ValuesByKey = z.record(z.string().max(256), z.array(z.string().max(1024)).max(100).nullable());

export const LabelCondition = z.object({
  name: z.string().max(256).optional(),
  type: z.number().int().optional(),
  /** Between the listed properties: `AND` (default) every one, `OR` at least one. */
  op: AndOr.optional(),
  /** Label property values to match, e.g. `{"@modelarts:shape": ["bndbox"]}`; any listed value matches. */
  property: ValuesByKey.optional(),
});
export type LabelCondition = z.infer<typeof LabelCondition>;

/** `low-high`, both within [0, 1], e.g. `0.5-1`. */
const Range01 = z
  .string()
  .regex(/^\s*(0|1|0?\.\d+|1\.0*)\s*-\s*(0|1|0?\.\d+|1\.0*)\s*$/, 'must be a range low-high within [0, 1], e.g. 0.5-1');

export const SearchCondition = z.object({
  /** `AND`: the sample carries every listed label; `OR`: at least one. */
  label_list: z.object({ op: AndOr.default('OR'), labels: z.array(LabelCondition).min(1).max(100) }).optional(),
  /** Sample metadata values; `op` between the listed keys (default `AND`). */
  metadata: z.object({ op: AndOr.default('AND'), props: ValuesByKey }).optional(),
  /** Part of the sample's file name (case-insensitive). */
  sample_name: z.string().max(1024).optional(),
  /** Folder object path ending with `/`; non-recursive. */
  sample_dir: z.string().max(1024).optional(),
  /** `month` | `day` | `yyyyMMdd-yyyyMMdd` (at most 30 days). */
  sample_time: z
    .string()
    .regex(/^(month|day|\d{8}-\d{8})$/, 'must be month, day or yyyyMMdd-yyyyMMdd')
    .optional(),
  /** Who labeled the sample, as S6 lists them (`human/x@y.com`) or the bare e-mail. */
  labeler: z.string().max(1024).optional(),
  hard: z.enum(['0', '1']).optional(),
  /** Hard-example coefficient range `low-high` (metadata `@modelarts:hard_coefficient`). */
  coefficient: Range01.optional(),
  /** Label score (confidence) range `low-high`, e.g. `0.5-1`: a label of the sample scores within it. */
  score: Range01.optional(),
  /** Metadata `@modelarts:import_origin`. */
  import_origin: z.string().max(64).optional(),
  parent_sample_id: z.string().max(64).optional(),
  frame_in_video: z.number().int().optional(),
  time_in_video: z.string().max(64).optional(),
  kvp: z.string().max(64).optional(),
  slice_thickness: z.string().max(64).optional(),
  study_date: z.string().max(64).optional(),
});
export type SearchCondition = z.input<typeof SearchCondition>;
export type ParsedSearchCondition = z.output<typeof SearchCondition>;
export const SearchConditions = z.array(SearchCondition).max(50);
