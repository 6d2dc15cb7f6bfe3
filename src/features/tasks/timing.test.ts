import { describe, expect, it } from 'vitest';
import { elapsedMs, exportFolder, formatDuration, remainingMs } from './timing';
import { task } from './test-tasks';

describe('task timings', () => {
  const now = 1_700_000_100_000;
  const started = now - 90_000;

  it('estimates the remaining time from the pace so far, and says nothing it cannot know', () => {
    expect(remainingMs(task({ start_time: started, progress: 75 }), now)).toBe(30_000);
    expect(remainingMs(task({ start_time: started, progress: 0 }), now)).toBeUndefined();
    expect(remainingMs(task({ start_time: undefined, progress: 50 }), now)).toBeUndefined();
    expect(remainingMs(task({ start_time: started, progress: 50, phase: 'queued' }), now)).toBeUndefined();
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('stops the elapsed clock when the task ends', () => {
    expect(elapsedMs(task({ start_time: started }), now)).toBe(90_000);
    expect(elapsedMs(task({ start_time: started, phase: 'failed', end_time: started + 5_000 }), now)).toBe(5_000);
    expect(elapsedMs(task({ start_time: undefined, phase: 'queued' }), now)).toBeUndefined();
  });

  it('finds the folder an export wrote: its manifest\'s folder, else the requested path', () => {
    expect(exportFolder(task({ kind: 'export', result: { manifest_path: '/b/out/e1/x.manifest' } }))).toBe('/b/out/e1');
    expect(exportFolder(task({ kind: 'export', params: { path: '/b/out/e2/' } }))).toBe('/b/out/e2');
    expect(exportFolder(task({ kind: 'export', params: {} }))).toBeUndefined();
  });
});
