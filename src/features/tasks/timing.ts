import { isPhaseTerminal, type TaskSummary } from '@contract/task';

/** Milliseconds the task has run: from its start to its end, or to `now` while it runs; undefined before it starts. */
export function elapsedMs(task: TaskSummary, now: number): number | undefined {
  if (!task.start_time) return undefined;
  const end = isPhaseTerminal(task.phase) ? (task.end_time ?? task.update_time) : now;
  return Math.max(0, end - task.start_time);
}

/**
 * Remaining time at the pace so far (elapsed × (100 − p) / p). Unknown (undefined) until the task reports
 * some progress, and once it has finished.
 */
export function remainingMs(task: TaskSummary, now: number): number | undefined {
  if (task.phase !== 'running') return undefined;
  const elapsed = elapsedMs(task, now);
  const p = task.progress;
  if (elapsed === undefined || !(p > 0) || p >= 100) return undefined;
  return (elapsed * (100 - p)) / p;
}

/** `m:ss` or `h:mm:ss`; "—" when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** The folder an export wrote: its manifest's folder, else the `path` it was asked to write to. */
export function exportFolder(task: TaskSummary): string | undefined {
  const manifest = typeof task.result.manifest_path === 'string' ? task.result.manifest_path : undefined;
  if (manifest && manifest.includes('/')) return manifest.slice(0, manifest.lastIndexOf('/')) || undefined;
  const path = typeof task.params.path === 'string' ? task.params.path : undefined;
  return path ? path.replace(/\/+$/, '') || undefined : undefined;
}

export const zipDownloadUrl = (folder: string) => `/bff/downloads/zip?path=${encodeURIComponent(folder)}`;
