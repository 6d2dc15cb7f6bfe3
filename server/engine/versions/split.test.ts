import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleIdFor } from '../samples/repository.js';
import { KeyList, Split, evalCount, parseRatio, splitKey } from './split.js';

function splitOf(ids: string[], ratio: string): Map<string, string> {
  const keys = new KeyList();
  for (const id of ids) keys.push(splitKey(id));
  const split = Split.plan(keys, parseRatio(ratio));
  return new Map(ids.map((id) => [id, split.usageOf(splitKey(id))]));
}

describe('train / eval split', () => {
  it('reads the API’s ratio strings exactly', () => {
    expect(parseRatio('0.8')).toEqual({ num: 8, den: 10 });
    expect(parseRatio('1.00')).toEqual({ num: 100, den: 100 });
    expect(parseRatio('0')).toEqual({ num: 0, den: 1 });
    expect(parseRatio('.25')).toEqual({ num: 25, den: 100 });
    expect(evalCount(1000, parseRatio('0.8'))).toBe(200);
    expect(evalCount(3, parseRatio('0.5'))).toBe(2);
    expect(() => parseRatio('1.5')).toThrow(RangeError);
  });

  it('puts exactly n × (1 − ratio) samples, rounded, in EVAL, whatever the ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 400 }),
        fc.integer({ min: 0, max: 1000 }),
        (names, permille) => {
          const ratio = (permille / 1000).toFixed(3);
          const usage = splitOf(names.map((n) => sampleIdFor(`/b/${n}`)), ratio);
          const evalSamples = [...usage.values()].filter((u) => u === 'EVAL').length;
          expect(Math.abs(evalSamples - names.length * (1 - permille / 1000))).toBeLessThanOrEqual(0.5 + 1e-9);
          expect(evalSamples).toBe(evalCount(names.length, parseRatio(ratio)));
        },
      ),
    );
  });

  it('gives a sample the same usage every time, and mostly the same when samples are added', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => sampleIdFor(`/bucket/in/${i}.jpg`));
    const first = splitOf(ids, '0.8');
    expect(splitOf([...ids].reverse(), '0.8')).toEqual(first);
    const grown = splitOf([...ids, ...Array.from({ length: 10 }, (_, i) => sampleIdFor(`/bucket/new/${i}.jpg`))], '0.8');
    const changed = ids.filter((id) => grown.get(id) !== first.get(id)).length;
    expect(changed).toBeLessThanOrEqual(10);
  });

  it('resolves keys that collide at the threshold in the order they are asked', () => {
    const keys = new KeyList();
    for (const k of [5, 7, 7, 7, 9]) keys.push(k);
    const split = Split.plan(keys, parseRatio('0.4')); // 3 of 5 to EVAL: 5 and two of the 7s
    expect([5, 7, 7, 7, 9].map((k) => split.usageOf(k))).toEqual(['EVAL', 'EVAL', 'EVAL', 'TRAIN', 'TRAIN']);
  });
});
