import { CreateFolderResp, ListBucketsResp, ListObjectsResp, UploadObjectResp } from '@contract/storage';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, getJson, http, parse } from '@/lib/http';

/** Local storage extension (contract/storage.ts): buckets, folders, uploads. */
export const storageKeys = {
  all: ['storage'] as const,
  buckets: () => [...storageKeys.all, 'buckets'] as const,
  folders: () => [...storageKeys.all, 'objects'] as const,
  folder: (path: string) => [...storageKeys.folders(), path] as const,
};

export const storageQueries = {
  buckets: () => queryOptions({ queryKey: storageKeys.buckets(), queryFn: () => getJson(ListBucketsResp, apiPath('/storage/buckets')) }),
  folder: (path: string) =>
    queryOptions({ queryKey: storageKeys.folder(path), queryFn: () => getJson(ListObjectsResp, apiPath('/storage/objects'), { path }) }),
};

export function useCreateBucket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => http.post(apiPath('/storage/buckets'), { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storageKeys.buckets() }),
  });
}

export function useCreateFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => http.post(apiPath('/storage/folders'), { path }).then((res) => parse(CreateFolderResp, res.data)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storageKeys.folders() }),
  });
}

/** PUT the raw bytes of one file at `path` (`/bucket/dir/name`), reporting progress in [0, 1]. */
export async function uploadObject(path: string, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal) {
  const res = await http.put(apiPath('/storage/objects'), file, {
    params: { path },
    headers: { 'Content-Type': 'application/octet-stream' },
    onUploadProgress: (e) => onProgress(e.total ? e.loaded / e.total : 0),
    signal,
    // Large files on a slow link must not hit the default request timeout.
    timeout: 0,
  });
  return parse(UploadObjectResp, res.data);
}

/** `/bucket/a/b/` → ['bucket', 'a', 'b']; '/' → []. */
export const pathSegments = (path: string) => path.split('/').filter(Boolean);
export const folderPath = (segments: string[]) => (segments.length ? `/${segments.join('/')}/` : '/');

/** Normalises user input to the folder form `/bucket/dir/` (also accepts `obs://bucket/dir`). */
export function toFolderPath(input: string): string {
  const trimmed = input.trim().replace(/^obs:\/\//, '/');
  return folderPath(pathSegments(trimmed));
}
