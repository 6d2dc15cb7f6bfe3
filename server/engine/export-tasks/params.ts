import type { CreateExportTaskBody, ExportParams } from '../../contract/export-task.js';
import type { SourceHeader } from '../versions/manifest-lines.js';

/**
 * What an export task row keeps in `params`: the E2 body as the client sent it, with defaults filled in,
 * the dataset id, and the internal paths fixed when the task was created (names starting with `_`, which
 * the task center hides). Everything the job needs is here, so that it can run again after a restart.
 */
export interface ExportTaskParams {
  dataset_id: string;
  path?: string;
  export_type: 0 | 1 | 2 | 3;
  export_format: 1 | 2;
  annotation_format?: 'VOC' | 'COCO';
  export_params: ExportParams;
  sample_state?: string;
  version_id?: string;
  version_format?: string;
  with_column_header?: boolean;
  source_type_header: SourceHeader;
  /** Object path of the folder the output is published as (DIR), or the new dataset's data folder. */
  _output: string;
  /** Object path of the temporary folder written first (DIR), inside the dataset's work path. */
  _temp: string;
  /** NEW_DATASET: the id the new dataset is created with (known up front, so a failed run can remove it). */
  _new_dataset_id?: string;
  /** NEW_DATASET: the new dataset's work path. */
  _new_work_path?: string;
}

/** The request part of the params (what E1 / E3 echo and a console re-sends to retry). */
export type ExportRequest = Omit<ExportTaskParams, '_output' | '_temp' | '_new_dataset_id' | '_new_work_path' | 'dataset_id'>;

/** E2's body with the API's defaults (export_type 0, tree, obs://, clear_hard_property true …). */
export function withDefaults(body: CreateExportTaskBody): ExportRequest {
  const p = body.export_params ?? {};
  const request: ExportRequest = {
    export_type: body.export_type ?? 0,
    export_format: body.export_format ?? 1,
    export_params: {
      ...p,
      export_dest: p.export_dest ?? 'DIR',
      clear_hard_property: p.clear_hard_property ?? true,
      ratio_sample_usage: p.ratio_sample_usage ?? false,
      train_sample_ratio: p.train_sample_ratio ?? '1.00',
    },
    source_type_header: body.source_type_header ?? 'obs://',
  };
  if (body.path !== undefined) request.path = body.path;
  if (body.annotation_format !== undefined) request.annotation_format = body.annotation_format;
  if (body.sample_state !== undefined) request.sample_state = body.sample_state;
  if (body.version_id !== undefined) request.version_id = body.version_id;
  if (body.version_format !== undefined) request.version_format = body.version_format;
  if (body.with_column_header !== undefined) request.with_column_header = body.with_column_header;
  return request;
}

/** The one sample state a request asks for (top level or in export_params; they must agree). */
export const requestedState = (p: Pick<ExportTaskParams, 'sample_state' | 'export_params'>) => p.sample_state ?? p.export_params.sample_state;
