import { z } from 'zod';
import { ProjectParams, pageQuery } from './common.js';

/**
 * Local extension (not part of ModelArts): browse and fill the embedded object store from the console.
 * Object paths are `/bucket/dir/…` or `obs://bucket/dir/…`; folders end with `/`.
 */
export const ObjectPath = z.string().min(1).max(1024);

export const Bucket = z.object({ name: z.string(), create_time: z.number() });
export const ListBucketsResp = z.object({ buckets: z.array(Bucket) });
export type ListBucketsResp = z.infer<typeof ListBucketsResp>;

/** Bucket names as OBS allows them: 3–63 lower-case letters, digits, `-` and `.`. */
export const CreateBucketBody = z.object({
  name: z
    .string()
    .min(3)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'bucket names use lower-case letters, digits, - and .'),
});

export const ListObjectsQuery = z.object({ path: ObjectPath, ...pageQuery(1000, 1000) });
export const StorageEntry = z.object({
  name: z.string(),
  /** Full object path, `/bucket/dir/name` (folders end with `/`). */
  path: z.string(),
  size: z.number().optional(),
  mtime: z.number().optional(),
});
export type StorageEntry = z.infer<typeof StorageEntry>;
export const ListObjectsResp = z.object({
  path: z.string(),
  folders: z.array(StorageEntry),
  files: z.array(StorageEntry),
  /** Files directly in this folder (all pages). */
  total_file_count: z.number().int(),
});
export type ListObjectsResp = z.infer<typeof ListObjectsResp>;

export const CreateFolderBody = z.object({ path: ObjectPath });
export const CreateFolderResp = z.object({ path: z.string() });

/** PUT …/storage/objects?path=/bucket/dir/file.jpg with the raw bytes as body. */
export const UploadObjectQuery = z.object({ path: ObjectPath });
export const UploadObjectResp = z.object({ path: z.string(), size: z.number() });

/** GET …/storage/files/{bucket}/{key} — a short-lived signed URL, as the samples' `source`. */
export const SignedFileQuery = z.object({
  expires: z.coerce.number().int(),
  signature: z.string(),
  'x-image-process': z.string().optional(),
});

export const StorageParams = ProjectParams;
