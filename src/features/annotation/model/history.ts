/**
 * Undo / redo over immutable documents. Every edit commits a new document; undo and redo move between
 * them. A commit of the very same document is not an edit and leaves the history alone, so code can
 * commit unconditionally.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** Enough for a long session on one image; the oldest steps drop off first. */
export const HISTORY_LIMIT = 500;

export const createHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

export function commit<T>(h: History<T>, next: T, limit = HISTORY_LIMIT): History<T> {
  if (Object.is(next, h.present)) return h;
  const past = [...h.past, h.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}

export const canUndo = <T>(h: History<T>) => h.past.length > 0;
export const canRedo = <T>(h: History<T>) => h.future.length > 0;

export type HistoryAction<T> = { type: 'edit'; edit: (doc: T) => T } | { type: 'undo' } | { type: 'redo' };

/** `useReducer` form: `edit` receives the current document, so quick successive edits never read a stale one. */
export function historyReducer<T>(h: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'edit':
      return commit(h, action.edit(h.present));
    case 'undo':
      return undo(h);
    case 'redo':
      return redo(h);
  }
}
