/**
 * Shape geometry in image pixels (origin top-left, modelarts-api.md §1): boxes are `[[x1,y1],[x2,y2]]` with
 * x1 < x2 and y1 < y2, polygons at least three points. Everything the editor stores goes through here, so
 * coordinates are always rounded to whole pixels and inside the image.
 */
export type Point = [number, number];
export interface Size {
  width: number;
  height: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smallest box side, in image pixels, that is kept (a click is not a box). */
export const MIN_BOX_SIDE = 2;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** Whole pixels: annotation tools and training code read integers, and sub-pixel noise from zooming is not intent. */
export const roundCoord = (v: number) => Math.round(v);

export const clampPoint = ([x, y]: Point, size: Size): Point => [clamp(x, 0, size.width), clamp(y, 0, size.height)];

export const roundPoint = ([x, y]: Point): Point => [roundCoord(x), roundCoord(y)];

/** A box from any two opposite corners: ordered, clamped, rounded; null when a side is below `MIN_BOX_SIDE`. */
export function normalizeBox(a: Point, b: Point, size: Size): [Point, Point] | null {
  const [ax, ay] = roundPoint(clampPoint(a, size));
  const [bx, by] = roundPoint(clampPoint(b, size));
  const x1 = Math.min(ax, bx);
  const x2 = Math.max(ax, bx);
  const y1 = Math.min(ay, by);
  const y2 = Math.max(ay, by);
  if (x2 - x1 < MIN_BOX_SIDE || y2 - y1 < MIN_BOX_SIDE) return null;
  return [
    [x1, y1],
    [x2, y2],
  ];
}

export const boxFromRect = (r: Rect, size: Size) => normalizeBox([r.x, r.y], [r.x + r.width, r.y + r.height], size);

export function boundsOf(points: Point[]): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Shoelace area (absolute). */
export function polygonArea(points: Point[]): number {
  let twice = 0;
  points.forEach(([x1, y1], i) => {
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  });
  return Math.abs(twice) / 2;
}

/** While drawing a polygon: a click this close to the first point (same unit as the points) closes it. */
export function closesPolygon(points: Point[], click: Point, tolerance: number): boolean {
  if (points.length < 3) return false;
  const [fx, fy] = points[0];
  return Math.hypot(click[0] - fx, click[1] - fy) <= tolerance;
}

/**
 * The polygon to store from the points clicked: clamped, rounded, repeated points dropped (a double click
 * or rounding can repeat one); null when fewer than three distinct points or no area remain.
 */
export function finishPolygon(points: Point[], size: Size): Point[] | null {
  const out: Point[] = [];
  for (const p of points.map((q) => roundPoint(clampPoint(q, size)))) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < 3 || polygonArea(out) === 0) return null;
  return out;
}

/** The offset that moves `points` by (dx, dy) as far as possible while their bounds stay inside the image. */
export function clampOffset(points: Point[], dx: number, dy: number, size: Size): Point {
  const b = boundsOf(points);
  return [clamp(dx, -b.x, size.width - b.x - b.width), clamp(dy, -b.y, size.height - b.y - b.height)];
}

/** Moves a shape by an offset, kept inside the image, rounded. */
export function translatePoints(points: Point[], dx: number, dy: number, size: Size): Point[] {
  const [ox, oy] = clampOffset(points, dx, dy, size);
  return points.map(([x, y]) => roundPoint(clampPoint([x + ox, y + oy], size)));
}

/** Moves one vertex of a polygon, clamped and rounded. */
export function moveVertex(points: Point[], index: number, to: Point, size: Size): Point[] {
  return points.map((p, i) => (i === index ? roundPoint(clampPoint(to, size)) : p));
}
