import { describe, expect, it } from 'vitest';
import { LANGUAGES, resources } from '@/lib/i18n';

// Plural suffixes differ between languages (English has _one/_other, Chinese only _other).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** Key path (plural suffix removed) → the `{{variables}}` its texts use, for a nested translation tree. */
function flatten(obj: Record<string, unknown>, prefix = '', out = new Map<string, Set<string>>()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') {
      flatten(v as Record<string, unknown>, key, out);
      continue;
    }
    const text = String(v);
    if (text.trim() === '') throw new Error(`empty translation: ${key}`);
    const vars = out.get(base(key)) ?? new Set<string>();
    for (const m of text.matchAll(/\{\{\s*(\w+)/g)) vars.add(m[1]);
    out.set(base(key), vars);
  }
  return out;
}

describe('translations (quality-bar U1)', () => {
  const namespaces = [...new Set(LANGUAGES.flatMap((l) => Object.keys(resources[l] ?? {})))];

  it('has every namespace in every language', () => {
    for (const lang of LANGUAGES) expect(namespaces.filter((ns) => !resources[lang]?.[ns]), lang).toEqual([]);
  });

  it.each(namespaces)('has the same keys and {{variables}} in every language for "%s"', (ns) => {
    const [reference, ...others] = LANGUAGES.map((lang) => flatten(resources[lang]?.[ns] ?? {}));
    others.forEach((other, i) => {
      const lang = LANGUAGES[i + 1];
      expect([...reference.keys()].filter((k) => !other.has(k)), `keys missing in ${lang}`).toEqual([]);
      expect([...other.keys()].filter((k) => !reference.has(k)), `keys missing in ${LANGUAGES[0]}`).toEqual([]);
      for (const [key, vars] of reference) {
        expect([...(other.get(key) ?? [])].sort(), `variables of ${ns}:${key} in ${lang}`).toEqual([...vars].sort());
      }
    });
  });
});
