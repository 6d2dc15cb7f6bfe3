import { ModelArtsError } from '../../contract/errors.js';
import type { CreateImportTaskBody } from '../../contract/import-task.js';
import type { EngineContext } from '../context.js';

/** I2's options as the import job applies them (defaults filled in). */
export interface ImportOptions {
  /** false: no new samples; annotations are written onto the samples the dataset already has. */
  importSamples: boolean;
  importAnnotations: boolean;
  /** false: imported labels are "to be confirmed" (AUTO_ANNOTATION), as an auto-labeling result. */
  finalAnnotation: boolean;
  /**
   * true: only hard examples are imported (the API's documented meaning: "whether to import only hard
   * examples"). A file is a hard example when its manifest line says `"hard": "true"` or when one of its
   * annotations is an object flagged difficult (Pascal VOC `<difficult>1</difficult>`).
   */
  difficultOnly: boolean;
  /** Label names to keep (undefined: all). */
  included?: ReadonlySet<string>;
  /** Label names to drop. */
  excluded: ReadonlySet<string>;
  /** Canonical relative folder (`a/b`) under the dataset's storage that files are copied into. */
  importFolder?: string;
}

/** Only these dataset types take labels "to be confirmed" (as S2's final_annotation). */
const AUTO_LABEL_TYPES = new Set([0, 1]);

const labelName = (l: string | { name: string }) => (typeof l === 'string' ? l : l.name).trim();

/** The options of an I2 body (or of a stored task's params, which are that body). */
export function importOptionsOf(body: Partial<CreateImportTaskBody>): ImportOptions {
  const included = (body.included_labels ?? []).map(labelName).filter(Boolean);
  return {
    importSamples: body.import_samples ?? true,
    importAnnotations: body.import_annotations ?? true,
    finalAnnotation: body.final_annotation ?? true,
    difficultOnly: body.difficult_only ?? false,
    ...(included.length > 0 ? { included: new Set(included) } : {}),
    excluded: new Set((body.excluded_labels ?? []).map(labelName).filter(Boolean)),
    ...(body.import_folder ? { importFolder: normalizeImportFolder(body.import_folder) } : {}),
  };
}

/**
 * Checks an I2 body against the dataset before anything is queued: 0101 for options that need table or
 * text sources (this engine imports image files from its object store only) and for option combinations
 * that cannot work, with a message naming the option.
 */
export function checkImportOptions(ctx: EngineContext, datasetType: number, body: CreateImportTaskBody): void {
  const fail = (msg: string) => {
    throw new ModelArtsError('0101', msg);
  };
  if (body.import_origin !== undefined && body.import_origin !== 'obs') {
    fail(`import_origin ${body.import_origin} reads a table service; this engine imports files from its object store only (import_origin obs)`);
  }
  if (body.data_source && !sameObsPath(ctx, body.data_source, body.import_path)) {
    fail('data_source must repeat import_path as an object-store source (data_type 0, no source_info or schema_maps); table and database sources are not supported by this engine');
  }
  if (body.label_format !== undefined) fail('label_format describes text label files; it applies to text datasets, which this engine does not import');
  if (body.with_column_header === true) fail('with_column_header applies to CSV table sources, which this engine does not import');
  const opts = importOptionsOf(body);
  if (!opts.importSamples && !opts.importAnnotations) fail('import_samples and import_annotations are both false: there is nothing to import');
  if (!opts.finalAnnotation && !AUTO_LABEL_TYPES.has(datasetType)) {
    fail('final_annotation false (labels to be confirmed) is only for image classification and object detection datasets');
  }
  if (opts.importFolder !== undefined && !opts.importSamples) fail('import_folder copies new samples; it cannot be used with import_samples false');
}

/**
 * `import_folder` as a relative folder of one or more plain segments; 0101 for anything that could leave
 * the dataset's storage (`..`, an absolute path, a scheme) or that no file system takes.
 */
export function normalizeImportFolder(raw: string): string {
  const segments = raw.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  const bad = (why: string) => new ModelArtsError('0101', `import_folder ${JSON.stringify(raw)} ${why}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('/')) throw bad('must be a folder name relative to the dataset storage');
  if (segments.length === 0) throw bad('names no folder');
  for (const s of segments) {
    if (s === '..') throw bad('must not contain ".."');
    // eslint-disable-next-line no-control-regex
    if (s.length > 255 || /[\u0000-\u001f\u007f]/.test(s)) throw bad('has an invalid folder name');
  }
  const folder = segments.join('/');
  if (folder.length > 512) throw bad('is too long');
  return folder;
}

/** `data_source` is accepted when it only repeats `import_path` as an OBS source. */
function sameObsPath(ctx: EngineContext, source: NonNullable<CreateImportTaskBody['data_source']>, importPath: string): boolean {
  if (source.data_type !== 0 || source.source_info || source.schema_maps?.length || source.with_column_header) return false;
  try {
    const a = ctx.store.parse(source.data_path).objectPath.replace(/\/$/, '');
    const b = ctx.store.parse(importPath).objectPath.replace(/\/$/, '');
    return a === b;
  } catch {
    return false;
  }
}
