import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, commit, createHistory, historyReducer, redo, undo } from './history';

describe('undo stack', () => {
  it('undoes and redoes edits in order', () => {
    let h = createHistory('a');
    h = commit(h, 'b');
    h = commit(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe('b');
    expect(canRedo(h)).toBe(true);
  });

  it('drops the redo branch on a new edit', () => {
    const h = commit(undo(commit(createHistory(1), 2)), 3);
    expect(h.present).toBe(3);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(1);
  });

  it('ignores an edit that changes nothing and undo/redo at the ends', () => {
    const doc = { n: 1 };
    const h = createHistory(doc);
    expect(commit(h, doc)).toBe(h);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('forgets the oldest steps past its limit', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = commit(h, i, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });

  it('returns to every earlier document, and forward again (any edit sequence)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 40 }), (values) => {
        const docs = [{ v: -1 }, ...values.map((v) => ({ v }))];
        let h = createHistory(docs[0]);
        docs.slice(1).forEach((d) => (h = historyReducer(h, { type: 'edit', edit: () => d })));
        for (let i = docs.length - 1; i >= 0; i--) {
          expect(h.present).toBe(docs[i]);
          h = historyReducer(h, { type: 'undo' });
        }
        for (let i = 0; i < docs.length; i++) {
          expect(h.present).toBe(docs[i]);
          h = historyReducer(h, { type: 'redo' });
        }
      }),
    );
  });
});
