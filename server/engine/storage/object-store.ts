import { lstatSync, realpathSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelArtsError } from '../../contract/errors.js';

/** A parsed, confined object path: `/bucket/key…` ↔ `{root}/bucket/key…`. */
export interface ObjectRef {
  bucket: string;
  /** Key inside the bucket, `/`-separated, no leading slash; '' for the bucket root; folders end with `/`. */
  key: string;
  /** Canonical object path `/bucket/key`. */
  objectPath: string;
  /** Absolute file-system path under the store's root. */
  fsPath: string;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `.`, `..`, and look-alikes that some tool on the way (a shell, a zip tool, a normalizing client) could
 * turn into them: fullwidth or leader dots (NFKC folds `．．` and `‥` to `..`), and segments that
 * normalize to contain a slash or backslash (`／`, `＼`).
 */
function isRelativeSegment(segment: string): boolean {
  if (segment === '.' || segment === '..') return true;
  const folded = segment.normalize('NFKC');
  return folded === '.' || folded === '..' || /[/\\]/.test(folded) || /^\.+$/.test(folded.trim());
}

function isSymlink(fsPath: string): boolean {
  try {
    return lstatSync(fsPath).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Entries of a folder stat'ed at once by `walk`. */
const WALK_STAT_CONCURRENCY = 64;

/**
 * The local object store ("OBS"): every object path is normalized and confined to `root`. Traversal
 * (`..`, encoded or not), NUL bytes, backslashes, absolute escapes and symlinks leaving the root are
 * rejected with 400 ModelArts.4313.
 */
export class ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  /** Parses `/bucket/dir/x`, `obs://bucket/dir/x` or `s3://bucket/dir/x`. Does not touch the disk. */
  parse(input: string): ObjectRef {
    const invalid = (why: string) => new ModelArtsError('4313', `Invalid path ${JSON.stringify(input)}: ${why}`);
    if (typeof input !== 'string' || input.length === 0 || input.length > 1024) throw invalid('empty or too long');
    let raw = input.replace(/^(obs|s3):\/\//i, '/');
    if (!raw.startsWith('/')) throw invalid('must start with / or obs://');
    if (/%u[0-9a-f]{4}/i.test(raw)) throw invalid('%u escapes are not allowed');
    // Decode percent-encoding repeatedly so that %2e%2e, %252e%252e … cannot smuggle traversal.
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(raw); i++) {
      try {
        raw = decodeURIComponent(raw);
      } catch {
        throw invalid('bad percent-encoding');
      }
    }
    if (/%[0-9a-f]{2}/i.test(raw)) throw invalid('too many levels of percent-encoding');
    if (/[\p{Cc}\\]/u.test(raw)) throw invalid('control characters and backslashes are not allowed');
    const isFolder = raw.endsWith('/');
    const parts = raw.split('/').filter((p) => p.length > 0);
    if (parts.some(isRelativeSegment)) throw invalid('relative segments are not allowed');
    if (parts.length === 0) throw invalid('no bucket');
    const [bucket, ...rest] = parts;
    if (!BUCKET_RE.test(bucket)) throw invalid('bad bucket name');
    const key = rest.join('/') + (isFolder && rest.length > 0 ? '/' : '');
    const fsPath = path.join(this.root, bucket, ...rest);
    if (fsPath !== path.join(this.root, bucket) && !fsPath.startsWith(path.join(this.root, bucket) + path.sep)) {
      throw invalid('escapes the store');
    }
    return { bucket, key, objectPath: `/${bucket}/${key}`, fsPath };
  }

  /** Builds the ref of a file found on disk under the store. */
  fromFsPath(fsPath: string): ObjectRef {
    const rel = path.relative(this.root, fsPath).split(path.sep);
    return this.parse(`/${rel.join('/')}${fsPath.endsWith(path.sep) ? '/' : ''}`);
  }

  /**
   * Resolves a path that must exist: 4311 when the bucket is missing, 4312 when the path is; 4313 when a
   * symlink leads outside the store.
   */
  async resolveExisting(input: string): Promise<ObjectRef & { isDirectory: boolean; size: number; mtimeMs: number }> {
    const ref = this.parse(input);
    const bucketDir = path.join(this.root, ref.bucket);
    const bucketStat = await stat(bucketDir).catch(() => undefined);
    if (!bucketStat?.isDirectory()) throw new ModelArtsError('4311', `Bucket ${ref.bucket} does not exist`);
    // Confinement first, so that a symlink's target is never probed (not even for existence).
    this.assertInside(ref.fsPath);
    const st = await stat(ref.fsPath).catch(() => undefined);
    if (!st) throw new ModelArtsError('4312', `Path ${ref.objectPath} does not exist`);
    return { ...ref, isDirectory: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs };
  }

  /**
   * Throws 4313 if the real path (symlinks followed) is outside the root. For a path that does not exist
   * (yet), its deepest existing ancestor is checked: a symlinked folder on the way could otherwise lead a
   * `mkdir -p` or a write outside the store.
   */
  assertInside(fsPath: string): void {
    const realRoot = realpathSync(this.root);
    let probe = path.resolve(fsPath);
    for (;;) {
      let real: string | undefined;
      try {
        real = realpathSync(probe);
      } catch (err) {
        // A dangling symlink is as dangerous as one that resolves: it may be created outside later.
        if (isSymlink(probe)) {
          throw new ModelArtsError('4313', 'Path leads outside the object store');
        }
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ModelArtsError('4313', `Path cannot be resolved (${code})`);
      }
      if (real !== undefined) {
        if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
          throw new ModelArtsError('4313', 'Path leads outside the object store');
        }
        return;
      }
      const parent = path.dirname(probe);
      if (parent === probe || !parent.startsWith(this.root)) return;
      probe = parent;
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return (await stat(path.join(this.root, bucket)).catch(() => undefined))?.isDirectory() ?? false;
  }

  /**
   * Walks the files under a folder (recursively), in name order, skipping symlinks that leave the store
   * and hidden files. Yields refs with the files' sizes and mtimes.
   */
  async *walk(folder: ObjectRef): AsyncGenerator<ObjectRef & { size: number; mtimeMs: number }> {
    const entries = (await readdir(folder.fsPath, { withFileTypes: true }).catch(() => [])).filter((e) => !e.name.startsWith('.'));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Stats in small concurrent groups (a folder of 100k files is walked at disk speed), yielded in name order.
    for (let i = 0; i < entries.length; i += WALK_STAT_CONCURRENCY) {
      const group = await Promise.all(
        entries.slice(i, i + WALK_STAT_CONCURRENCY).map(async (entry) => {
          const fsPath = path.join(folder.fsPath, entry.name);
          // The folder is inside the store; only a symlink in it can lead out, so only symlinks are resolved.
          if (entry.isSymbolicLink()) {
            try {
              this.assertInside(fsPath);
            } catch {
              return undefined;
            }
          }
          const st = await stat(fsPath).catch(() => undefined);
          return st ? { fsPath, st } : undefined;
        }),
      );
      for (const item of group) {
        if (!item) continue;
        if (item.st.isDirectory()) {
          yield* this.walk(this.fromFsPath(item.fsPath + path.sep));
        } else if (item.st.isFile()) {
          yield { ...this.fromFsPath(item.fsPath), size: item.st.size, mtimeMs: item.st.mtimeMs };
        }
      }
    }
  }
}
