import { sql, type Kysely } from 'kysely';

/**
 * Samples of a dataset in insertion order: the unfiltered sample list pages through this covering index
 * instead of sorting the dataset's rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX samples_dataset_seq ON samples (dataset_id, seq)`.execute(db);
}
