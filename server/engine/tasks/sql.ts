import { TASK_KINDS, type TaskKind } from './kinds.js';

/**
 * SQL conditions over the kinds' own status words (imports say QUEUING, exports INIT …). A row is queued
 * when it has its kind's queued word and no claimant (exports use INIT for queued and starting alike).
 */
const kinds = Object.keys(TASK_KINDS) as TaskKind[];
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const QUEUED_SQL = `(claim_token IS NULL AND (${kinds
  .map((k) => `(kind = ${quote(k)} AND status = ${quote(TASK_KINDS[k].queued)})`)
  .join(' OR ')}))`;

/** Not finished: queued, starting or running. */
export const ACTIVE_SQL = `(end_time IS NULL AND (${kinds
  .map((k) => {
    const s = TASK_KINDS[k];
    return `(kind = ${quote(k)} AND status IN (${[s.queued, s.starting, s.running].map(quote).join(', ')}))`;
  })
  .join(' OR ')}))`;
