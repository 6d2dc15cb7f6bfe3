import { describe, expect, it } from 'vitest';
import { displayKey, labelForKey, labelKeys, shortcutOf } from './shortcuts';

const label = (name: string, shortcut?: string) => ({ name, type: 0, property: shortcut ? { '@modelarts:shortcut': shortcut } : undefined });

describe('label shortcuts', () => {
  it('numbers labels 1–9 in label order by default', () => {
    const keys = labelKeys(Array.from({ length: 11 }, (_, i) => label(`l${i}`)));
    expect(keys.map((k) => k.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', undefined, undefined]);
  });

  it("uses a label's own shortcut, case-insensitively, and skips digits already claimed", () => {
    const keys = labelKeys([label('cat'), label('dog', 'D'), label('bird', '1'), label('fish')]);
    expect(keys.map((k) => k.key)).toEqual(['2', 'd', '1', '3']);
    expect(labelForKey(keys, shortcutOf({ key: 'D', ctrlKey: false, metaKey: false, altKey: false }))?.name).toBe('dog');
    expect(displayKey('d')).toBe('D');
  });

  it('gives a shortcut claimed twice to the first label only', () => {
    expect(labelKeys([label('a', 'x'), label('b', 'X')]).map((k) => k.key)).toEqual(['x', undefined]);
  });

  it('leaves chords to other commands', () => {
    expect(shortcutOf({ key: 's', ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
    expect(shortcutOf({ key: '1', ctrlKey: false, metaKey: true, altKey: false })).toBeNull();
  });

  it('takes colours from the labels, with a palette for the rest', () => {
    const keys = labelKeys([{ name: 'a', type: 1, property: { '@modelarts:color': '#123456', '@modelarts:default_shape': 'polygon' } }, label('b')]);
    expect(keys[0]).toMatchObject({ color: '#123456', defaultShape: 'polygon' });
    expect(keys[1].color).toMatch(/^#[0-9a-f]{6}$/);
  });
});
