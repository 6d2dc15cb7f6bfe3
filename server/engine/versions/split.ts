import { hash } from 'node:crypto';

/** The train share of a version as an exact fraction `num / den`, parsed from the API's decimal string. */
export interface Ratio {
  num: number;
  den: number;
}

/** "0.8" → 8/10, "1.00" → 100/100, ".25" → 25/100. The contract has checked the text already. */
export function parseRatio(text: string): Ratio {
  const [whole, frac = ''] = text.trim().split('.');
  const den = 10 ** frac.length;
  const num = Number(whole || '0') * den + Number(frac || '0');
  if (!Number.isSafeInteger(num) || num < 0 || num > den) throw new RangeError(`ratio ${text} is not between 0 and 1`);
  return { num, den };
}

/** How many of `n` samples go to EVAL: n × (1 − ratio), rounded half up, in integers (no float drift). */
export function evalCount(n: number, r: Ratio): number {
  return Math.floor((2 * n * (r.den - r.num) + r.den) / (2 * r.den));
}

/**
 * A sample's place in the split: 48 bits of the md5 of its id. It depends on the id only, so a sample keeps
 * its usage from one version to the next as long as the set of samples split and the ratio stay the same.
 */
export function splitKey(sampleId: string): number {
  return parseInt(hash('md5', sampleId).slice(0, 12), 16);
}

/** A growable list of split keys (8 bytes each: a million samples take 8 MB, not a million objects). */
export class KeyList {
  private buf = new Float64Array(1024);
  length = 0;

  push(key: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = key;
  }

  sorted(): Float64Array {
    return this.buf.slice(0, this.length).sort();
  }
}

export type SplitUsage = 'TRAIN' | 'EVAL';

/**
 * The exact split: the `evalCount` samples with the smallest keys are EVAL, the others TRAIN, so the EVAL
 * share matches the ratio within one sample. Samples whose key equals the threshold (a 48-bit collision)
 * are taken in the order they are asked about until the EVAL count is reached.
 */
export class Split {
  private constructor(
    private readonly threshold: number,
    private tiesLeft: number,
  ) {}

  static plan(keys: KeyList, ratio: Ratio): Split {
    const k = evalCount(keys.length, ratio);
    if (k === 0) return new Split(-1, 0);
    const sorted = keys.sorted();
    const threshold = sorted[k - 1];
    let below = k - 1;
    while (below > 0 && sorted[below - 1] === threshold) below--;
    return new Split(threshold, k - below);
  }

  usageOf(key: number): SplitUsage {
    if (key < this.threshold) return 'EVAL';
    if (key === this.threshold && this.tiesLeft > 0) {
      this.tiesLeft--;
      return 'EVAL';
    }
    return 'TRAIN';
  }
}
