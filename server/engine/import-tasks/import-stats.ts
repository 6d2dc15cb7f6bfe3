import type { ImportIssue } from '../../contract/import-task.js';

/** Issues kept per task: enough to show what to fix, bounded however broken the source is. */
export const MAX_ISSUES = 50;

/**
 * The counters of one import, named as ImportTaskStatusResp names them; stored in the task row's `result`.
 * `finished_*` count every file handled, whether imported, already present or failed.
 */
export class ImportStats {
  total_sample_count = 0;
  imported_sample_count = 0;
  annotated_sample_count = 0;
  /** Samples whose imported labels wait for a confirmation (final_annotation false). */
  unconfirmed_sample_count = 0;
  total_file_count = 0;
  finished_file_count = 0;
  total_file_size = 0;
  finished_file_size = 0;
  failed_file_count = 0;
  invalid_annotation_count = 0;
  /** Files left out on purpose: not a hard example (difficult_only), no such sample (import_samples false). */
  skipped_file_count = 0;
  /** Annotations left out by included_labels / excluded_labels. */
  excluded_annotation_count = 0;
  issues: ImportIssue[] = [];

  found(size: number): void {
    this.total_file_count++;
    this.total_sample_count++;
    this.total_file_size += size;
  }

  finished(size: number): void {
    this.finished_file_count++;
    this.finished_file_size += size;
  }

  /** A file that cannot become a sample: counted, reported, never fatal. */
  fileFailed(path: string, size: number, reason: string): void {
    this.failed_file_count++;
    this.finished(size);
    this.issue(path, reason);
  }

  /** A file handled but not imported, by the options' choice (not an error). */
  skipped(size: number): void {
    this.skipped_file_count++;
    this.finished(size);
  }

  annotationsExcluded(n: number): void {
    this.excluded_annotation_count += n;
  }

  /** `n` annotations of one file skipped as invalid, for one reason. */
  annotationInvalid(path: string, reason: string, n = 1): void {
    this.invalid_annotation_count += n;
    this.issue(path, reason);
  }

  private issue(path: string, reason: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, reason });
  }

  progress(): number {
    return this.total_file_count === 0 ? 0 : (100 * this.finished_file_count) / this.total_file_count;
  }

  toResult(): Record<string, unknown> {
    const { issues, ...counters } = this;
    return { ...counters, issues: [...issues] };
  }
}
