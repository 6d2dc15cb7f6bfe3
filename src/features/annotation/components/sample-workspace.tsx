import type { QueryKey } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { Suspense, lazy, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DescribeSampleResp } from '@contract/sample';
import { useSaveSampleLabels } from '../api';
import { docFromLabels, labelsFromDoc, type AnnotationDoc, type EditorKind } from '../model/annotation-doc';
import type { Size } from '../model/geometry';
import { createHistory, historyReducer, canRedo, canUndo, type History, type HistoryAction } from '../model/history';
import { labelKeys as toLabelKeys, shortcutOf, type EditorLabel } from '../model/shortcuts';
import { ClassificationPanel } from './classification-panel';
import { EditorToolbar } from './editor-toolbar';
import type { PanelKeyHandler } from './panel-props';
import { UnsavedChangesDialog, useLeaveGuard } from './unsaved-changes';

// The canvas (konva) loads only for detection and segmentation datasets.
const DetectionPanel = lazy(() => import('./detection/detection-panel').then((m) => ({ default: m.DetectionPanel })));

interface Props {
  datasetId: string;
  datasetType: number;
  kind: EditorKind;
  sample: DescribeSampleResp;
  labels: EditorLabel[];
  /** Detection: the loaded original and the size coordinates refer to. */
  image?: HTMLImageElement;
  size: Size;
  index: number;
  total: number;
  /** Moves `delta` samples; `savedSampleId` when this sample was saved here (it may have left the filter). */
  onStep: (delta: 1 | -1, savedSampleId?: string) => Promise<void>;
  onBack: () => void;
  alsoInvalidate: readonly QueryKey[];
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * One sample in the editor: its annotation document with undo/redo, saving (explicit, and before every
 * step), the unsaved-changes guard and the keyboard. Mounted per sample, so nothing leaks between samples.
 */
export function SampleWorkspace(p: Props) {
  const { t } = useTranslation('annotation');
  const [history, dispatch] = useReducer(
    historyReducer as (h: History<AnnotationDoc>, a: HistoryAction<AnnotationDoc>) => History<AnnotationDoc>,
    undefined,
    () => createHistory(docFromLabels(p.sample.labels, p.kind, p.size)),
  );
  const [savedDoc, setSavedDoc] = useState(history.present);
  const dirty = history.present !== savedDoc;
  const savedHere = useRef(false);
  const save = useSaveSampleLabels(p.datasetId, p.alsoInvalidate);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const panelKeys = useRef<PanelKeyHandler | null>(null);
  const blocker = useLeaveGuard(dirty);

  const labelKeys = useMemo(() => toLabelKeys(p.labels), [p.labels]);
  const edit = useCallback((change: (doc: AnnotationDoc) => AnnotationDoc) => dispatch({ type: 'edit', edit: change }), []);
  const typeOf = useCallback((name: string) => p.labels.find((l) => l.name === name)?.type ?? p.datasetType, [p.labels, p.datasetType]);

  const saveNow = async (): Promise<boolean> => {
    const doc = history.present;
    try {
      await save.mutateAsync({ sampleId: p.sample.sample_id, labels: labelsFromDoc(doc, typeOf) });
      setSavedDoc(doc);
      savedHere.current = true;
      return true;
    } catch {
      // The mutation cache has shown the error; the edits stay unsaved on screen.
      return false;
    }
  };

  const step = async (delta: 1 | -1) => {
    if (busyRef.current || (delta < 0 && p.index === 0)) return;
    busyRef.current = true;
    setBusy(true);
    try {
      if (dirty && !(await saveNow())) return;
      await p.onStep(delta, savedHere.current ? p.sample.sample_id : undefined);
    } catch {
      // Reading the list failed; the query cache has reported it and the user stays on this sample.
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  // The window listener reads the latest state through this ref instead of being re-registered per render.
  const latest = useRef({ step, saveNow, dirty, onBack: p.onBack });
  useEffect(() => {
    latest.current = { step, saveNow, dirty, onBack: p.onBack };
  });
  const blocked = blocker.state === 'blocked';
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || blocked || e.isComposing || isTyping(e.target)) return;
      const l = latest.current;
      if ((e.ctrlKey || e.metaKey) && !e.altKey) {
        const key = e.key.toLowerCase();
        if (key === 's') {
          e.preventDefault();
          if (!busyRef.current && l.dirty) void l.saveNow();
        } else if (key === 'z' || key === 'y') {
          e.preventDefault();
          if (!busyRef.current) dispatch({ type: key === 'y' || e.shiftKey ? 'redo' : 'undo' });
        }
        return;
      }
      // While saving and stepping, keys would land on the sample being left.
      if (busyRef.current) return;
      if (panelKeys.current?.(e, shortcutOf(e))) {
        e.preventDefault();
        return;
      }
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        void l.step(e.key === 'ArrowRight' ? 1 : -1);
      } else if (e.key === 'Escape') {
        l.onBack();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [blocked]);

  const commonShortcuts: [string, string][] = [
    ['← →', t('shortcuts.step')],
    ['Ctrl+S', t('shortcuts.save')],
    ['Ctrl+Z', t('shortcuts.undo')],
    ['Ctrl+Shift+Z', t('shortcuts.redo')],
    ['Esc', t('shortcuts.back')],
  ];
  const panelProps = {
    datasetId: p.datasetId,
    datasetType: p.datasetType,
    sample: p.sample,
    labelKeys,
    doc: history.present,
    edit,
    keys: panelKeys,
    commonShortcuts,
  };

  return (
    <Flex vertical gap="small" style={{ flex: 1, minHeight: 0 }}>
      <EditorToolbar
        sampleName={p.sample.sample_name}
        index={p.index}
        total={p.total}
        saveState={save.isPending ? 'saving' : dirty ? 'dirty' : 'saved'}
        busy={busy}
        canUndo={canUndo(history)}
        canRedo={canRedo(history)}
        onBack={p.onBack}
        onStep={(d) => void step(d)}
        onSave={() => void saveNow()}
        onUndo={() => dispatch({ type: 'undo' })}
        onRedo={() => dispatch({ type: 'redo' })}
      />
      {p.kind === 'classification' ? (
        <ClassificationPanel {...panelProps} />
      ) : (
        <Suspense fallback={<Spin style={{ margin: 'auto' }} />}>
          {p.image && <DetectionPanel {...panelProps} image={p.image} size={p.size} />}
        </Suspense>
      )}
      <UnsavedChangesDialog blocker={blocker} onSave={saveNow} />
    </Flex>
  );
}
