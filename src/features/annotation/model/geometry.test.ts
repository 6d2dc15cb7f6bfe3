import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closesPolygon, finishPolygon, normalizeBox, polygonArea, translatePoints, type Point } from './geometry';
import { fitView, toImage, toScreen, zoomAt } from './viewport';

const size = { width: 640, height: 480 };
const coord = fc.double({ min: -2000, max: 2000, noNaN: true });
const point = fc.tuple(coord, coord) as fc.Arbitrary<Point>;

describe('normalizeBox', () => {
  it('orders the corners whichever way the box was dragged', () => {
    expect(normalizeBox([300, 200], [100, 50], size)).toEqual([
      [100, 50],
      [300, 200],
    ]);
    expect(normalizeBox([100, 200], [300, 50], size)).toEqual([
      [100, 50],
      [300, 200],
    ]);
  });

  it('clamps to the image and rounds to whole pixels', () => {
    expect(normalizeBox([-40.2, 10.6], [700, 999], size)).toEqual([
      [0, 11],
      [640, 480],
    ]);
  });

  it('refuses a click or a sliver', () => {
    expect(normalizeBox([10, 10], [11, 90], size)).toBeNull();
    expect(normalizeBox([700, 10], [900, 90], size)).toBeNull();
  });

  it('always gives a valid ModelArts box inside the image, or nothing', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const box = normalizeBox(a, b, size);
        if (!box) return;
        const [[x1, y1], [x2, y2]] = box;
        expect(x1).toBeLessThan(x2);
        expect(y1).toBeLessThan(y2);
        for (const v of [x1, y1, x2, y2]) expect(Number.isInteger(v)).toBe(true);
        expect(Math.min(x1, y1)).toBeGreaterThanOrEqual(0);
        expect(x2).toBeLessThanOrEqual(size.width);
        expect(y2).toBeLessThanOrEqual(size.height);
      }),
    );
  });
});

describe('polygons', () => {
  const triangle: Point[] = [
    [10, 10],
    [100, 10],
    [50, 80],
  ];

  it('closes on a click near the first point once there are three points', () => {
    expect(closesPolygon(triangle, [13, 12], 5)).toBe(true);
    expect(closesPolygon(triangle, [20, 20], 5)).toBe(false);
    expect(closesPolygon(triangle.slice(0, 2), [10, 10], 5)).toBe(false);
  });

  it('drops repeated points and the closing point, clamps and rounds', () => {
    expect(finishPolygon([[10.4, 10], [10, 10], [100, -5], [50, 80], [10, 10.2]], size)).toEqual([
      [10, 10],
      [100, 0],
      [50, 80],
    ]);
  });

  it('refuses fewer than three distinct points or no area', () => {
    expect(finishPolygon([[1, 1], [1, 1], [5, 5]], size)).toBeNull();
    expect(finishPolygon([[0, 0], [5, 5], [10, 10]], size)).toBeNull();
  });

  it('measures area', () => {
    expect(polygonArea([[0, 0], [10, 0], [10, 10], [0, 10]])).toBe(100);
  });

  it('moves a shape only as far as the image allows, keeping its form', () => {
    expect(translatePoints(triangle, -50, 500, size)).toEqual([
      [0, 410],
      [90, 410],
      [40, 480],
    ]);
  });
});

describe('viewport', () => {
  it('shows an image that fits at 100 %, centred', () => {
    expect(fitView({ width: 400, height: 300 }, { width: 1000, height: 600 })).toEqual({ scale: 1, x: 300, y: 150 });
  });

  it('scales a large image down to fit with a margin', () => {
    const v = fitView({ width: 4000, height: 1000 }, { width: 1032, height: 600 });
    expect(v.scale).toBeCloseTo(0.25);
    expect(v.x).toBeCloseTo(16);
  });

  it('zooms around the pointer: the image point under it stays put', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), point, (factor, anchor) => {
        const view = { scale: 0.5, x: 20, y: -30 };
        const before = toImage(view, anchor);
        const after = toScreen(zoomAt(view, anchor, factor), before);
        expect(after[0]).toBeCloseTo(anchor[0], 6);
        expect(after[1]).toBeCloseTo(anchor[1], 6);
      }),
    );
  });
});
