import { sql, type Kysely } from 'kysely';

/**
 * What the sample search conditions (S1 `search_conditions`, batch-by-filter, exports) and the search
 * facets (S6) need at a million samples per dataset:
 * - folder, name, time and labeler filters answer and count from an index of their own (the name index
 *   covers the name, so a substring match reads the index, never the rows with their label JSON);
 * - `sample_facets` counts each scalar metadata value per dataset, kept in the same transaction as the
 *   rows (like sample_counts), so S6 lists metadata values without reading samples.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX samples_dir ON samples (dataset_id, dir)`.execute(db);
  await sql`CREATE INDEX samples_name ON samples (dataset_id, name)`.execute(db);
  await sql`CREATE INDEX samples_time ON samples (dataset_id, sample_time)`.execute(db);
  // Most samples have no labeler (imports): the partial index holds only the labeled-by-someone ones.
  await sql`CREATE INDEX samples_labeler ON samples (dataset_id, labeler) WHERE labeler IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE sample_facets (
      dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      count INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (dataset_id, key, value)
    ) WITHOUT ROWID`.execute(db);
  // Samples written before this migration: the same values counters.ts `facetsOf` counts.
  await sql`
    INSERT INTO sample_facets (dataset_id, key, value, count)
    SELECT s.dataset_id, m.key, CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.atom AS TEXT) END, COUNT(*)
    FROM samples s, json_each(CASE WHEN json_valid(s.metadata) THEN s.metadata ELSE '{}' END) m
    WHERE instr(m.key, char(0)) = 0
      AND ((m.type = 'text' AND length(m.atom) <= 256) OR m.type IN ('integer', 'true', 'false'))
    GROUP BY 1, 2, 3`.execute(db);
}
