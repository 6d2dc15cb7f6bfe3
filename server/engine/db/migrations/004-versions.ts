import { sql, type Kysely } from 'kysely';

/**
 * Dataset versions (V1–V4). A version row is written with status 0 (creating) together with its publish
 * task, and gets its statistics when the task has written the manifest; the manifest and its Pascal VOC
 * files live in the object store under `{inner_annotation_path}{version_name}/`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dataset_versions (
      id TEXT PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      status INTEGER NOT NULL,              -- §9: 0 creating, 1 normal, 4 error
      description TEXT NOT NULL DEFAULT '',
      version_format TEXT NOT NULL DEFAULT 'Default',
      task_type INTEGER NOT NULL,           -- the dataset's type when published
      train_evaluate_sample_ratio TEXT NOT NULL,
      clear_hard_property INTEGER NOT NULL,
      remove_sample_usage INTEGER NOT NULL,
      export_images INTEGER NOT NULL,
      folder TEXT NOT NULL,                 -- object path of the version folder, ends with /
      task_id TEXT,
      previous_version_id TEXT,
      stats TEXT NOT NULL DEFAULT '{}',     -- JSON: counts, label_stats, label_type
      code TEXT,
      message TEXT,
      create_time INTEGER NOT NULL,
      update_time INTEGER NOT NULL,
      UNIQUE (dataset_id, name)
    )`.execute(db);
  await sql`CREATE INDEX dataset_versions_time ON dataset_versions (dataset_id, create_time)`.execute(db);
}
