import type { SampleFilter } from '@/lib/sample-filter';
import { sampleFilterBody } from '@/lib/sample-filter';
import type { ExportBody } from './api';

export type ExportWhat = 'labeled' | 'unlabeled' | 'all' | 'filter' | 'state';
/** `MANIFEST` = the ModelArts manifest alone (no `annotation_format`). */
export type ExportFormatChoice = 'MANIFEST' | 'VOC' | 'COCO';

/** States offered by "by sample state" (labeled / unlabeled have their own export types). */
export const EXPORT_SAMPLE_STATES = ['__AUTO_ANNOTATION__', '__UNCHECK__', '__ACCEPTED__', '__REJECTED__', '__UNREVIEWED__', '__REVIEWED__'] as const;

/** The export dialog's fields. */
export interface ExportValues {
  dest: 'DIR' | 'NEW_DATASET';
  /** DIR: the output folder; NEW_DATASET: the new dataset's data folder. */
  path: string;
  new_dataset_name?: string;
  new_dataset_work_path?: string;
  source: 'current' | 'version';
  version_id?: string;
  what: ExportWhat;
  sample_state?: string;
  annotation: ExportFormatChoice;
  export_format: 1 | 2;
  source_type_header: 'obs://' | 's3://';
  ratio_sample_usage: boolean;
  /** Train share, 0–1. */
  train_ratio: number;
  clear_hard_property: boolean;
}

export const EXPORT_DEFAULTS: Omit<ExportValues, 'path'> = {
  dest: 'DIR',
  source: 'current',
  what: 'all',
  annotation: 'MANIFEST',
  export_format: 1,
  source_type_header: 'obs://',
  ratio_sample_usage: false,
  train_ratio: 0.8,
  clear_hard_property: true,
};

/**
 * export_type per choice. A sample state narrows any type (the API ANDs them), so "by state" is all (2)
 * with a state; only search conditions need type 3, which the API refuses without them.
 */
const EXPORT_TYPE: Record<ExportWhat, 0 | 1 | 2> = { labeled: 0, unlabeled: 1, all: 2, filter: 2, state: 2 };

/** True when a gallery filter narrows the samples at all (else "by filter" would be "all"). */
export function filterNarrows(filter: SampleFilter | undefined): filter is SampleFilter {
  if (!filter) return false;
  const body = sampleFilterBody(filter);
  return !!body.sample_state || !!body.search_conditions?.length;
}

/**
 * The E2 body for the dialog's values. `filter` is the gallery's filter when the dialog was opened there:
 * "by filter" sends its search conditions as export_type 3, and its sample state. Search conditions select
 * current samples only: the dialog does not offer the filter with a version as source.
 */
export function toExportBody(v: ExportValues, filter?: SampleFilter): ExportBody {
  const toDir = v.dest === 'DIR';
  const selection =
    v.what === 'filter' && filter ? sampleFilterBody(filter) : v.what === 'state' && v.sample_state ? { sample_state: v.sample_state } : {};
  const annotationFormat = toDir && v.annotation !== 'MANIFEST' ? v.annotation : undefined;
  const conditions = 'search_conditions' in selection ? selection.search_conditions : undefined;
  return {
    path: v.path.trim(),
    export_type: conditions?.length ? 3 : EXPORT_TYPE[v.what],
    export_format: v.export_format,
    ...(annotationFormat ? { annotation_format: annotationFormat } : {}),
    ...(v.source === 'version' && v.version_id ? { version_id: v.version_id } : {}),
    ...(toDir ? { source_type_header: v.source_type_header } : {}),
    export_params: {
      export_dest: v.dest,
      ...(toDir ? {} : { export_new_dataset_name: v.new_dataset_name?.trim(), export_new_dataset_work_path: v.new_dataset_work_path?.trim() }),
      ...(selection.sample_state ? { sample_state: selection.sample_state } : {}),
      ...(conditions?.length ? { search_conditions: conditions } : {}),
      clear_hard_property: v.clear_hard_property,
      ratio_sample_usage: v.ratio_sample_usage,
      ...(v.ratio_sample_usage ? { train_sample_ratio: v.train_ratio.toFixed(2) } : {}),
    },
  };
}
