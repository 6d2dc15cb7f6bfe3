import type { Generated } from 'kysely';

/** Row types of the engine's tables (migrations/ is the source of truth; keep in step). */
export interface DatasetsTable {
  id: string;
  name: string;
  type: number;
  description: string;
  status: number;
  data_sources: string;
  work_path: string;
  work_path_type: number;
  data_format: string;
  schema_json: string | null;
  extra: string;
  workspace_id: string;
  import_task_id: string | null;
  current_version_id: string | null;
  next_version_num: number;
  create_time: number;
  update_time: number;
  data_update_time: number;
}

export interface LabelsTable {
  id: Generated<number>;
  dataset_id: string;
  name: string;
  type: number;
  property: string;
  attributes: string | null;
  sample_count: Generated<number>;
  count: Generated<number>;
  create_time: number;
}

export interface SamplesTable {
  seq: Generated<number>;
  dataset_id: string;
  id: string;
  name: string;
  dir: string;
  path: string;
  type: number;
  status: string;
  size: number;
  sample_time: number;
  labels: string;
  metadata: string;
  usage: string | null;
  labeler: string | null;
  create_time: number;
  update_time: number;
}

export interface SampleLabelsTable {
  label_id: number;
  sample_seq: number;
  occurrences: number;
}

export interface SampleCountsTable {
  dataset_id: string;
  state: string;
  count: number;
}

/** Samples per scalar metadata value, per dataset (migration 003; S6 facets). */
export interface SampleFacetsTable {
  dataset_id: string;
  key: string;
  value: string;
  count: number;
}

export interface TasksTable {
  id: string;
  dataset_id: string | null;
  kind: string;
  status: string;
  params: string;
  result: string;
  progress: number;
  error_code: string | null;
  error_msg: string | null;
  create_time: number;
  start_time: number | null;
  end_time: number | null;
  update_time: number;
  /** Migration 005 (durable queue): higher runs first. */
  priority: number;
  /** Runs so far (claims). */
  attempts: number;
  max_attempts: number;
  /** Not claimed before this time (ms): retry backoff. */
  next_run_at: number;
  /** The current claimant's token; null while queued. */
  claim_token: string | null;
  /** The claim is the claimant's until this time (ms); renewed while the job runs. */
  lease_until: number | null;
  /** Unique per kind when set. */
  idempotency_key: string | null;
}

export interface DatasetVersionsTable {
  id: string;
  dataset_id: string;
  name: string;
  status: number;
  description: string;
  version_format: string;
  task_type: number;
  train_evaluate_sample_ratio: string;
  clear_hard_property: number;
  remove_sample_usage: number;
  export_images: number;
  folder: string;
  task_id: string | null;
  previous_version_id: string | null;
  stats: string;
  code: string | null;
  message: string | null;
  create_time: number;
  update_time: number;
}

export interface Database {
  datasets: DatasetsTable;
  labels: LabelsTable;
  samples: SamplesTable;
  sample_labels: SampleLabelsTable;
  sample_counts: SampleCountsTable;
  sample_facets: SampleFacetsTable;
  tasks: TasksTable;
  dataset_versions: DatasetVersionsTable;
}
