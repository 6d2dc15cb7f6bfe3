import type { CreateImportTaskBody } from '@contract/import-task';

/** Dataset types whose data can be imported from a folder (modelarts-api.md I2); the rest need a manifest. */
const DIR_IMPORT_TYPES = [0, 1, 100, 200];
export const canImportDir = (datasetType: number) => DIR_IMPORT_TYPES.includes(datasetType);

export type ImportType = 'dir' | 'manifest';

/** The import dialog's fields. */
export interface ImportValues {
  import_path: string;
  import_type: ImportType;
  import_annotations: boolean;
  import_samples: boolean;
  final_annotation: boolean;
  difficult_only: boolean;
  included_labels: string[];
  excluded_labels: string[];
  import_folder?: string;
}

export const importDefaults = (datasetType: number): Omit<ImportValues, 'import_path'> => ({
  import_type: canImportDir(datasetType) ? 'dir' : 'manifest',
  import_annotations: true,
  import_samples: true,
  final_annotation: true,
  difficult_only: false,
  included_labels: [],
  excluded_labels: [],
});

/** A path names a manifest file when it ends with `.manifest`; a folder otherwise. */
export const inferImportType = (path: string): ImportType | undefined =>
  /\.manifest$/i.test(path.trim()) ? 'manifest' : path.trim().endsWith('/') ? 'dir' : undefined;

/** A sub-folder name under the dataset's storage: relative, no `..` or backslashes. */
export const validImportFolder = (folder: string) =>
  folder.length <= 256 && !folder.startsWith('/') && !folder.includes('\\') && !folder.split('/').some((s) => s === '..' || s === '.');

const names = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];

/**
 * The I2 body for the dialog's values. Label filters go as plain strings (the API's own examples), and
 * only when annotations are imported; empty options are left out so the API's defaults apply.
 */
export function toImportBody(v: ImportValues): CreateImportTaskBody {
  const included = names(v.included_labels);
  const excluded = names(v.excluded_labels);
  const folder = v.import_folder?.trim().replace(/\/+$/, '');
  return {
    import_path: v.import_path.trim(),
    import_type: v.import_type,
    import_annotations: v.import_annotations,
    import_samples: v.import_samples,
    ...(v.import_annotations
      ? {
          final_annotation: v.final_annotation,
          difficult_only: v.difficult_only,
          ...(included.length ? { included_labels: included } : {}),
          ...(excluded.length ? { excluded_labels: excluded } : {}),
        }
      : {}),
    ...(folder ? { import_folder: folder } : {}),
  };
}
