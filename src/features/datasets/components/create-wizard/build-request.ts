import { CreateDatasetBody, isImageDatasetType } from '@contract/dataset';
import type { Label } from '@contract/label';

/** What the wizard's one Form holds; turned into the D2 body by `buildCreateBody`. */
export interface LabelRow {
  name?: string;
  color?: string;
  shape?: string;
}
export interface WizardValues {
  dataset_name?: string;
  description?: string;
  dataset_type?: number;
  input_path?: string;
  work_path?: string;
  labels?: LabelRow[];
  import_annotations?: boolean;
}

/** The fields each step owns: "Next" validates only these. */
export const STEP_FIELDS: string[][] = [['dataset_name', 'description', 'dataset_type'], ['input_path', 'work_path'], ['labels', 'import_annotations'], []];

export const OBJECT_DETECTION = 1;

/** Request body exactly as POST /datasets receives it (before the contract's defaults). */
export function buildCreateBody(v: WizardValues): Record<string, unknown> {
  const type = v.dataset_type ?? 0;
  const labels: Label[] = (v.labels ?? [])
    .filter((l) => l?.name?.trim())
    .map((l) => ({
      name: l.name!.trim(),
      // Image label types equal their dataset type; other types are not labelable here yet.
      ...(isImageDatasetType(type) ? { type } : {}),
      property: {
        ...(l.color ? { '@modelarts:color': l.color } : {}),
        ...(type === OBJECT_DETECTION && l.shape ? { '@modelarts:default_shape': l.shape as 'bndbox' } : {}),
      },
    }));
  return {
    dataset_name: v.dataset_name?.trim() ?? '',
    dataset_type: type,
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
    data_sources: [{ data_type: 0, data_path: v.input_path?.trim() ?? '' }],
    work_path: v.work_path?.trim() ?? '',
    work_path_type: 0,
    ...(labels.length ? { labels } : {}),
    import_annotations: v.import_annotations ?? true,
  };
}

/** The body parsed with the contract, as the review step shows it and the submit sends it. */
export function parseCreateBody(v: WizardValues) {
  return CreateDatasetBody.safeParse(buildCreateBody(v));
}

/** Which step to return to when the server rejects the body, by error code (modelarts-api.md §10). */
export function stepOfError(code: string): { step: number; field?: keyof WizardValues } | undefined {
  const n = code.replace('ModelArts.', '');
  if (n === '4351') return { step: 0, field: 'dataset_name' };
  if (n === '4340') return { step: 1, field: 'input_path' };
  if (['4311', '4312', '4313', '4315', '4316', '4374'].includes(n)) return { step: 1 };
  if (['4205', '4350', '4364'].includes(n)) return { step: 1, field: 'work_path' };
  if (['4411', '4412', '4413'].includes(n)) return { step: 2 };
  return undefined;
}
