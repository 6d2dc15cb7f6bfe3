import type { RefObject } from 'react';
import type { DescribeSampleResp } from '@contract/sample';
import type { AnnotationDoc } from '../model/annotation-doc';
import type { LabelKey } from '../model/shortcuts';

/**
 * A key press the workspace offers the panel first. `key` is the shortcut (null for chords). Returns true
 * when the panel used it.
 */
export type PanelKeyHandler = (e: KeyboardEvent, key: string | null) => boolean;

/** What the workspace gives the classification and detection panels. */
export interface PanelProps {
  datasetId: string;
  datasetType: number;
  sample: DescribeSampleResp;
  labelKeys: LabelKey[];
  doc: AnnotationDoc;
  /** Commits an edit to the document (undoable). */
  edit: (change: (doc: AnnotationDoc) => AnnotationDoc) => void;
  /** The panel puts its key handler here. */
  keys: RefObject<PanelKeyHandler | null>;
  /** Common keys for the legend (navigation, saving). */
  commonShortcuts: [string, string][];
}
