/** Epoch milliseconds as a local date and time in the UI language. */
export function formatTime(ms: number | undefined, language: string): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** Share as a whole percentage; 0 when there is nothing to share. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** True when text holds control characters (names of labels, files and folders must not). */
export const hasControlCharacters = (text: string) => [...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
