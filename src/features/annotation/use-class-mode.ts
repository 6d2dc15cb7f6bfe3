import { useCallback, useState } from 'react';
import type { ClassMode } from './model/annotation-doc';

const storageKey = (datasetId: string) => `dc.annotate.classMode.${datasetId}`;

/** Single- or multi-label classification, remembered per dataset in this browser; single by default. */
export function useClassMode(datasetId: string) {
  const [mode, setModeState] = useState<ClassMode>(() => (localStorage.getItem(storageKey(datasetId)) === 'multi' ? 'multi' : 'single'));
  const setMode = useCallback(
    (next: ClassMode) => {
      localStorage.setItem(storageKey(datasetId), next);
      setModeState(next);
    },
    [datasetId],
  );
  return [mode, setMode] as const;
}
