import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelArtsError } from '../../contract/errors.js';
import type { ListBucketsResp, ListObjectsResp, StorageEntry } from '../../contract/storage.js';
import type { EngineContext } from '../context.js';
import type { ObjectRef } from './object-store.js';

/** Names the store keeps for itself (upload temporaries) or hides (dot files); never listed. */
const isHidden = (name: string) => name.startsWith('.');
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const asFolder = (objectPath: string) => (objectPath.endsWith('/') ? objectPath : `${objectPath}/`);

function fsFailure(err: unknown, objectPath: string): ModelArtsError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
    return new ModelArtsError('4313', `Invalid path ${objectPath}: a file and a folder would share a name`);
  }
  if (code === 'ENAMETOOLONG') return new ModelArtsError('4313', `Invalid path ${objectPath}: a name is too long`);
  throw err;
}

async function requireBucket(ctx: EngineContext, ref: ObjectRef): Promise<void> {
  if (!(await ctx.store.bucketExists(ref.bucket))) throw new ModelArtsError('4311', `Bucket ${ref.bucket} does not exist`);
  ctx.store.assertInside(ref.fsPath);
}

export async function listBuckets(ctx: EngineContext): Promise<ListBucketsResp> {
  const entries = await readdir(ctx.store.root, { withFileTypes: true });
  const buckets: ListBucketsResp['buckets'] = [];
  for (const entry of entries.sort(byName)) {
    if (isHidden(entry.name)) continue;
    let ref: ObjectRef;
    try {
      ref = ctx.store.parse(`/${entry.name}/`);
      ctx.store.assertInside(ref.fsPath);
    } catch {
      continue; // not a valid bucket name, or a symlink leading out: not part of the store
    }
    const st = await stat(ref.fsPath).catch(() => undefined);
    if (st?.isDirectory()) buckets.push({ name: entry.name, create_time: Math.round(st.birthtimeMs || st.mtimeMs) });
  }
  return { buckets };
}

export async function createBucket(ctx: EngineContext, name: string): Promise<ListBucketsResp['buckets'][number]> {
  const ref = ctx.store.parse(`/${name}/`);
  try {
    await mkdir(path.join(ctx.store.root, ref.bucket));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ModelArtsError('0107', `Bucket ${name} already exists`);
    throw err;
  }
  const st = await stat(ref.fsPath);
  return { name: ref.bucket, create_time: Math.round(st.birthtimeMs || st.mtimeMs) };
}

/** Classifies a directory entry, following symlinks only when they stay inside the store. */
async function entryKind(ctx: EngineContext, dir: string, entry: Dirent): Promise<'folder' | 'file' | undefined> {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return undefined;
  const fsPath = path.join(dir, entry.name);
  try {
    ctx.store.assertInside(fsPath);
  } catch {
    return undefined;
  }
  const st = await stat(fsPath).catch(() => undefined);
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : undefined;
}

/**
 * One level of a folder: every sub-folder (always complete), and one page of its files — `offset` is the
 * page index as everywhere in the API; both in name order.
 */
export async function listObjects(ctx: EngineContext, input: string, offset: number, limit: number): Promise<ListObjectsResp> {
  const ref = await ctx.store.resolveExisting(input);
  if (!ref.isDirectory) throw new ModelArtsError('4313', `Invalid path ${ref.objectPath}: not a folder`);
  const folderPath = asFolder(ref.objectPath);
  const entries = (await readdir(ref.fsPath, { withFileTypes: true })).filter((e) => !isHidden(e.name)).sort(byName);
  const folders: StorageEntry[] = [];
  const fileNames: string[] = [];
  for (const entry of entries) {
    const kind = await entryKind(ctx, ref.fsPath, entry);
    if (kind === 'folder') folders.push({ name: entry.name, path: `${folderPath}${entry.name}/` });
    else if (kind === 'file') fileNames.push(entry.name);
  }
  const page = fileNames.slice(offset * limit, offset * limit + limit);
  const files: StorageEntry[] = [];
  for (const name of page) {
    const st = await stat(path.join(ref.fsPath, name)).catch(() => undefined);
    if (st) files.push({ name, path: `${folderPath}${name}`, size: st.size, mtime: Math.round(st.mtimeMs) });
  }
  return { path: folderPath, folders, files, total_file_count: fileNames.length };
}

export async function createFolder(ctx: EngineContext, input: string): Promise<{ path: string }> {
  const ref = ctx.store.parse(input);
  await requireBucket(ctx, ref);
  try {
    await mkdir(ref.fsPath, { recursive: true });
  } catch (err) {
    throw fsFailure(err, ref.objectPath);
  }
  // mkdir -p follows symlinks; the check before it covered every existing ancestor, this one the race.
  ctx.store.assertInside(ref.fsPath);
  return { path: asFolder(ref.objectPath) };
}

/**
 * Writes one object: the bytes go to a hidden temporary file beside the target and are renamed into
 * place, so a reader never sees half a file. Parent folders are created.
 */
export async function putObject(ctx: EngineContext, input: string, body: Buffer): Promise<{ path: string; size: number }> {
  const ref = ctx.store.parse(input);
  if (ref.key === '' || ref.key.endsWith('/')) throw new ModelArtsError('4313', `Invalid path ${ref.objectPath}: not a file name`);
  await requireBucket(ctx, ref);
  const dir = path.dirname(ref.fsPath);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw fsFailure(err, ref.objectPath);
  }
  ctx.store.assertInside(dir);
  const existing = await stat(ref.fsPath).catch(() => undefined);
  if (existing?.isDirectory()) throw new ModelArtsError('4313', `Invalid path ${ref.objectPath}: a folder has this name`);
  const temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  try {
    await writeFile(temp, body, { flag: 'wx' });
    await rename(temp, ref.fsPath);
  } catch (err) {
    await rm(temp, { force: true });
    throw fsFailure(err, ref.objectPath);
  }
  return { path: ref.objectPath, size: body.length };
}
