import type { CreateImportTaskBody } from '../../contract/import-task.js';
import type { EngineContext } from '../context.js';

/**
 * Names of the I2 options given with a value this engine does not implement yet. They are rejected rather
 * than ignored: an import that silently drops `included_labels` would import what the user excluded.
 * Options given with their default value are accepted.
 */
export function unsupportedImportOptions(ctx: EngineContext, body: CreateImportTaskBody): string[] {
  const out: string[] = [];
  if (body.import_origin !== undefined && body.import_origin !== 'obs') out.push('import_origin');
  if (body.import_samples === false) out.push('import_samples');
  if (body.final_annotation === false) out.push('final_annotation');
  if (body.difficult_only === true) out.push('difficult_only');
  if (body.included_labels?.length) out.push('included_labels');
  if (body.excluded_labels?.length) out.push('excluded_labels');
  if (body.import_folder) out.push('import_folder');
  if (body.label_format !== undefined) out.push('label_format');
  if (body.with_column_header === true) out.push('with_column_header');
  if (body.data_source && !sameObsPath(ctx, body.data_source, body.import_path)) out.push('data_source');
  return out;
}

/** `data_source` is accepted when it only repeats `import_path` as an OBS source. */
function sameObsPath(ctx: EngineContext, source: NonNullable<CreateImportTaskBody['data_source']>, importPath: string): boolean {
  if (source.data_type !== 0 || source.source_info || source.schema_maps?.length) return false;
  try {
    const a = ctx.store.parse(source.data_path).objectPath.replace(/\/$/, '');
    const b = ctx.store.parse(importPath).objectPath.replace(/\/$/, '');
    return a === b;
  } catch {
    return false;
  }
}
