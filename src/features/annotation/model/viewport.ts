import type { Point, Size } from './geometry';

/** How image pixels map to stage (screen) pixels: screen = image × scale + (x, y). */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;
export const ZOOM_STEP = 1.25;
/** Room left around a fitted image, in screen pixels, so its edges stay reachable with the mouse. */
const FIT_MARGIN = 16;

const clampScale = (s: number) => Math.min(Math.max(s, MIN_SCALE), MAX_SCALE);

/**
 * The whole image centred in the stage. Images that fit are shown at 100 % — their true resolution —
 * rather than blown up; larger ones are scaled down to fit.
 */
export function fitView(image: Size, stage: Size): View {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = clampScale(
    Math.min(1, (stage.width - 2 * FIT_MARGIN) / image.width, (stage.height - 2 * FIT_MARGIN) / image.height),
  );
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

/** Zooms by `factor` keeping the image point under `anchor` (screen coordinates) where it is. */
export function zoomAt(view: View, anchor: Point, factor: number): View {
  const scale = clampScale(view.scale * factor);
  const imageX = (anchor[0] - view.x) / view.scale;
  const imageY = (anchor[1] - view.y) / view.scale;
  return { scale, x: anchor[0] - imageX * scale, y: anchor[1] - imageY * scale };
}

export const toImage = (view: View, [sx, sy]: Point): Point => [(sx - view.x) / view.scale, (sy - view.y) / view.scale];
export const toScreen = (view: View, [ix, iy]: Point): Point => [ix * view.scale + view.x, iy * view.scale + view.y];
