import { useCallback, useEffect, useRef, useState } from 'react';
import { uploadObject } from './storage-api';

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed';
export interface UploadItem {
  id: number;
  /** Path relative to the folder it was dropped into (`photos/cat.jpg` for a folder upload). */
  name: string;
  target: string;
  status: UploadStatus;
  progress: number;
  error?: string;
}

/**
 * A small upload queue: a few files at a time, per-file progress, retry of the ones that failed.
 * `onSettled` runs whenever the queue drains, so the listing can refresh once instead of per file.
 */
export function useUploads({ concurrency = 3, onSettled }: { concurrency?: number; onSettled?: () => void } = {}) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const files = useRef(new Map<number, { file: File; target: string }>());
  const queue = useRef<number[]>([]);
  const active = useRef(0);
  const nextId = useRef(1);
  const aborter = useRef(new AbortController());
  const settled = useRef(onSettled);
  settled.current = onSettled;

  useEffect(() => {
    const controller = aborter.current;
    return () => controller.abort();
  }, []);

  const update = useCallback((id: number, patch: Partial<UploadItem>) => {
    setItems((prev) => prev.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  const pump = useCallback(() => {
    while (active.current < concurrency && queue.current.length > 0) {
      const id = queue.current.shift()!;
      const job = files.current.get(id);
      if (!job) continue;
      active.current += 1;
      update(id, { status: 'uploading', progress: 0, error: undefined });
      uploadObject(job.target, job.file, (progress) => update(id, { progress }), aborter.current.signal)
        .then(
          () => {
            files.current.delete(id);
            update(id, { status: 'done', progress: 1 });
          },
          (e: Error) => update(id, { status: 'failed', error: e.message }),
        )
        .finally(() => {
          active.current -= 1;
          if (active.current === 0 && queue.current.length === 0) settled.current?.();
          pump();
        });
    }
  }, [concurrency, update]);

  /** Queues files for upload into `folder` (`/bucket/dir/`), keeping folder structure when present. */
  const add = useCallback(
    (folder: string, list: Iterable<File>) => {
      const added: UploadItem[] = [];
      for (const file of list) {
        const name = file.webkitRelativePath || file.name;
        const id = nextId.current++;
        const target = `${folder}${name}`;
        files.current.set(id, { file, target });
        queue.current.push(id);
        added.push({ id, name, target, status: 'queued', progress: 0 });
      }
      setItems((prev) => [...prev, ...added]);
      pump();
    },
    [pump],
  );

  const retry = useCallback(
    (ids: number[]) => {
      for (const id of ids) {
        queue.current.push(id);
        update(id, { status: 'queued', progress: 0, error: undefined });
      }
      pump();
    },
    [pump, update],
  );

  const clearFinished = useCallback(() => setItems((prev) => prev.filter((item) => item.status !== 'done')), []);

  return { items, add, retry, clearFinished };
}
