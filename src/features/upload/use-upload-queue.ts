import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { PickedFile } from './picked-files';
import { UploadQueue, type UploadSnapshot } from './upload-queue';

const EMPTY: UploadSnapshot = {
  total: 0,
  counts: { queued: 0, uploading: 0, waiting: 0, uploaded: 0, added: 0, existing: 0, failed: 0 },
  bytesTotal: 0,
  bytesLoaded: 0,
  active: [],
  failed: [],
  skipped: [],
  running: false,
};
const noSubscription = () => () => {};
const empty = () => EMPTY;

/**
 * One upload queue per dataset folder, created with the first files and kept (with its error list)
 * until `reset`; closing the dialog does not stop it, leaving the page does.
 */
export function useUploadQueue({ datasetId, folder, onSamplesAdded }: { datasetId: string; folder: string; onSamplesAdded: (count: number) => void }) {
  const [queue, setQueue] = useState<UploadQueue | null>(null);
  const added = useRef(onSamplesAdded);
  useEffect(() => {
    added.current = onSamplesAdded;
  });
  useEffect(() => () => queue?.dispose(), [queue]);
  // A queue belongs to one dataset folder.
  const [owner, setOwner] = useState(`${datasetId}:${folder}`);
  if (owner !== `${datasetId}:${folder}`) {
    setOwner(`${datasetId}:${folder}`);
    setQueue(null);
  }

  const snapshot = useSyncExternalStore(queue?.subscribe ?? noSubscription, queue?.getSnapshot ?? empty);

  // Leaving the page would cut uploads off halfway: the browser asks first.
  useEffect(() => {
    if (!snapshot.running) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [snapshot.running]);

  const add = useCallback(
    (files: PickedFile[]) => {
      const target = queue ?? new UploadQueue({ datasetId, folder, onSamplesAdded: (n) => added.current(n) });
      if (!queue) setQueue(target);
      target.add(files);
    },
    [queue, datasetId, folder],
  );
  const retryFailed = useCallback(() => queue?.retryFailed(), [queue]);
  const reset = useCallback(() => setQueue(null), []);

  return { snapshot, add, retryFailed, reset };
}
