import { sql, type Kysely } from 'kysely';

/**
 * The engine's data model. Counters (samples per state, per label) live beside the rows they count and are
 * changed in the same transaction, so lists and stats never scan a dataset's samples.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      type INTEGER NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      status INTEGER NOT NULL,
      data_sources TEXT NOT NULL,           -- JSON [DataSource]
      work_path TEXT NOT NULL,              -- as given, ends with /
      work_path_type INTEGER NOT NULL DEFAULT 0,
      data_format TEXT NOT NULL DEFAULT 'Default',
      schema_json TEXT,                     -- JSON [Field] (table datasets)
      extra TEXT NOT NULL DEFAULT '{}',     -- JSON: label_format, import_data, managed, workforce_information …
      workspace_id TEXT NOT NULL DEFAULT '0',
      import_task_id TEXT,
      current_version_id TEXT,
      next_version_num INTEGER NOT NULL DEFAULT 1,
      create_time INTEGER NOT NULL,
      update_time INTEGER NOT NULL,
      data_update_time INTEGER NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX datasets_create_time ON datasets (create_time)`.execute(db);

  await sql`
    CREATE TABLE labels (
      id INTEGER PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      property TEXT NOT NULL DEFAULT '{}',  -- JSON LabelProperty
      attributes TEXT,                      -- JSON [LabelAttribute]
      sample_count INTEGER NOT NULL DEFAULT 0, -- samples carrying the label
      count INTEGER NOT NULL DEFAULT 0,        -- occurrences (shapes) over all samples
      create_time INTEGER NOT NULL,
      UNIQUE (dataset_id, name)
    )`.execute(db);

  // seq orders samples (insertion order) and keeps the list indexes compact.
  await sql`
    CREATE TABLE samples (
      seq INTEGER PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      id TEXT NOT NULL,                     -- md5 of the object path (32 hex)
      name TEXT NOT NULL,
      dir TEXT NOT NULL,                    -- object path of the folder, ends with /
      path TEXT NOT NULL,                   -- object path /bucket/dir/name
      type INTEGER NOT NULL,
      status TEXT NOT NULL,                 -- UN_ANNOTATION | MANUAL_ANNOTATION | AUTO_ANNOTATION
      size INTEGER NOT NULL DEFAULT 0,
      sample_time INTEGER NOT NULL,         -- file mtime, ms
      labels TEXT NOT NULL DEFAULT '[]',    -- JSON [SampleLabel]
      metadata TEXT NOT NULL DEFAULT '{}',  -- JSON SampleMetadata
      usage TEXT,
      labeler TEXT,
      create_time INTEGER NOT NULL,
      update_time INTEGER NOT NULL,
      UNIQUE (dataset_id, id)
    )`.execute(db);
  await sql`CREATE INDEX samples_state ON samples (dataset_id, status, seq)`.execute(db);

  // One row per (sample, label): label filters, label counts and label edits without JSON scans.
  await sql`
    CREATE TABLE sample_labels (
      label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
      sample_seq INTEGER NOT NULL REFERENCES samples(seq) ON DELETE CASCADE,
      occurrences INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (label_id, sample_seq)
    ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX sample_labels_sample ON sample_labels (sample_seq)`.execute(db);

  // Samples per state per dataset ('total' included); kept exact in every writing transaction.
  await sql`
    CREATE TABLE sample_counts (
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      state TEXT NOT NULL,
      count INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (dataset_id, state)
    ) WITHOUT ROWID`.execute(db);

  // Long-running work (imports now; exports, syncs, publishes … later) with the API's own statuses.
  await sql`
    CREATE TABLE tasks (
      id TEXT PRIMARY KEY,
      dataset_id TEXT REFERENCES datasets(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,                   -- import | export | sync | publish …
      status TEXT NOT NULL,                 -- the kind's own status value (QUEUING … COMPLETED | FAILED)
      params TEXT NOT NULL DEFAULT '{}',    -- JSON request
      result TEXT NOT NULL DEFAULT '{}',    -- JSON counters / output
      progress REAL NOT NULL DEFAULT 0,
      error_code TEXT,
      error_msg TEXT,
      create_time INTEGER NOT NULL,
      start_time INTEGER,
      end_time INTEGER,
      update_time INTEGER NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX tasks_dataset ON tasks (dataset_id, kind, create_time)`.execute(db);
  await sql`CREATE INDEX tasks_status ON tasks (status)`.execute(db);
}
