/**
 * Colours given to labels created without one: distinct hues that stay readable on light and dark
 * canvases. The first is the API's own example colour.
 */
export const LABEL_PALETTE = [
  '#3399ff',
  '#ff6b6b',
  '#51cf66',
  '#fcc419',
  '#cc5de8',
  '#22b8cf',
  '#ff922b',
  '#94d82d',
  '#f06595',
  '#5c7cfa',
  '#20c997',
  '#e8590c',
  '#845ef7',
  '#fab005',
  '#15aabf',
  '#e64980',
] as const;

/** The first palette colour not in use yet; once all are used, the palette repeats. */
export function pickColour(used: ReadonlySet<string>, labelCount: number): string {
  const free = LABEL_PALETTE.find((c) => !used.has(c));
  return free ?? LABEL_PALETTE[labelCount % LABEL_PALETTE.length];
}
