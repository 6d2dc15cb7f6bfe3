import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';

/** The API's limit on `work_path` (modelarts-api.md §3 D2). */
export const MAX_WORK_PATH = 700;

/** Sub-folders of a dataset's internal work folder (§12). */
export const INNER_FOLDERS = { annotation: 'annotation', data: 'data', log: 'logs', temp: 'temp', task: 'task' } as const;

const asFolder = (objectPath: string) => (objectPath.endsWith('/') ? objectPath : `${objectPath}/`);

export interface CheckedPaths {
  /** Canonical `/bucket/dir/`. */
  workPath: string;
  /** Canonical object path of the input: `/bucket/dir/` for a folder, `/bucket/file` for a file. */
  dataPath: string;
}

/**
 * Validates a dataset's work path and input path as D2 documents: 4350 too long, 4313 invalid, 4316 a bare
 * bucket as work path, 4311 / 4312 missing bucket or input, 4205 one inside the other. Reads nothing but
 * the store's own directory entries.
 */
export async function checkDatasetPaths(ctx: EngineContext, workPathInput: string, dataPathInput: string): Promise<CheckedPaths> {
  if (workPathInput.length > MAX_WORK_PATH) {
    throw new ModelArtsError('4350', `work_path is ${workPathInput.length} characters long; at most ${MAX_WORK_PATH} are allowed`);
  }
  const work = ctx.store.parse(workPathInput);
  if (work.key === '') throw new ModelArtsError('4316', `work_path ${work.objectPath} is a bucket root; give a folder inside the bucket`);

  const data = await ctx.store.resolveExisting(dataPathInput);
  const dataPath = data.isDirectory ? asFolder(data.objectPath) : data.objectPath;

  if (!(await ctx.store.bucketExists(work.bucket))) throw new ModelArtsError('4311', `Bucket ${work.bucket} does not exist`);
  ctx.store.assertInside(work.fsPath);
  const workStat = await stat(work.fsPath).catch(() => undefined);
  if (workStat && !workStat.isDirectory()) throw new ModelArtsError('4313', `work_path ${work.objectPath} is a file, not a folder`);
  const workPath = asFolder(work.objectPath);

  if (workPath.startsWith(dataPath) || dataPath.startsWith(workPath) || asFolder(dataPath) === workPath) {
    throw new ModelArtsError('4205', `The work path ${workPath} and the input path ${dataPath} must not contain each other`);
  }
  return { workPath, dataPath };
}

export interface InnerPaths {
  inner_work_path: string;
  inner_annotation_path: string;
  inner_data_path: string;
  inner_log_path: string;
  inner_temp_path: string;
  inner_task_path: string;
}

/** `{work_path}{dataset_name}-{dataset_id}/…/` (§3 D3, §12). */
export function innerPaths(innerWorkPath: string): InnerPaths {
  return {
    inner_work_path: innerWorkPath,
    inner_annotation_path: `${innerWorkPath}${INNER_FOLDERS.annotation}/`,
    inner_data_path: `${innerWorkPath}${INNER_FOLDERS.data}/`,
    inner_log_path: `${innerWorkPath}${INNER_FOLDERS.log}/`,
    inner_temp_path: `${innerWorkPath}${INNER_FOLDERS.temp}/`,
    inner_task_path: `${innerWorkPath}${INNER_FOLDERS.task}/`,
  };
}

/**
 * Creates the internal folders on disk; returns a function that removes them again (when the creation
 * fails later). The dataset's own folder must be new, so that undoing never removes anything else.
 */
export async function createInnerFolders(ctx: EngineContext, paths: InnerPaths): Promise<() => Promise<void>> {
  const root = ctx.store.parse(paths.inner_work_path);
  const inWay = () => new ModelArtsError('4313', `Cannot create ${paths.inner_work_path}: a file or folder is in the way`);
  ctx.store.assertInside(root.fsPath);
  try {
    await mkdir(path.dirname(root.fsPath), { recursive: true });
    ctx.store.assertInside(path.dirname(root.fsPath));
    await mkdir(root.fsPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw inWay();
    if (code === 'ENAMETOOLONG') throw new ModelArtsError('4313', `Invalid work_path ${paths.inner_work_path}: a folder name is too long`);
    throw err;
  }
  const undo = () => rm(root.fsPath, { recursive: true, force: true });
  try {
    for (const folder of Object.values(INNER_FOLDERS)) await mkdir(path.join(root.fsPath, folder));
  } catch (err) {
    await undo();
    throw err;
  }
  return undo;
}
