import { ModelArtsError } from '../../contract/errors.js';
import { MESSAGE_FIELD } from '../tasks/runner.js';
import { TASK_KINDS as KIND_NAMES, type ListTasksQuery, type ListTasksResp, type TaskPhase, type TaskSummary } from '../../contract/task.js';
import type { EngineContext } from '../context.js';
import { TASK_KINDS } from '../tasks/kinds.js';
import type { TaskRow } from '../tasks/repository.js';
import { ACTIVE_SQL, QUEUED_SQL } from '../tasks/sql.js';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const SUCCEEDED_SQL = `(${KIND_NAMES.map((k) => `(kind = ${quote(k)} AND status = ${quote(TASK_KINDS[k].succeeded)})`).join(' OR ')})`;

/**
 * Every kind's own status words mapped onto the phases the task center sorts and filters by. A queued
 * export and a starting one share INIT: the claim tells them apart. Stopped = failed with 4393.
 */
const PHASE_SQL = `(CASE
  WHEN end_time IS NULL AND ${QUEUED_SQL} THEN 'queued'
  WHEN ${ACTIVE_SQL} THEN 'running'
  WHEN ${SUCCEEDED_SQL} THEN 'succeeded'
  WHEN error_code = 'ModelArts.4393' THEN 'stopped'
  ELSE 'failed' END)`;

type Row = TaskRow & { phase: TaskPhase; dataset_name: string | null };

const SELECT = `SELECT * FROM (
  SELECT x.*, d.name AS dataset_name FROM (
    SELECT *, ${PHASE_SQL} AS phase FROM tasks WHERE kind IN (${KIND_NAMES.map(quote).join(', ')})
  ) x LEFT JOIN datasets d ON d.id = x.dataset_id
) y`;

/** Fields starting with `_` are the engine's own (plans, internal counters): not shown. */
function publicFields(json: string): Record<string, unknown> {
  const all = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('_')));
}

function messageOf(json: string): { message?: string } {
  const message = (JSON.parse(json) as Record<string, unknown>)[MESSAGE_FIELD];
  return typeof message === 'string' && message !== '' ? { message } : {};
}

function toSummary(row: Row): TaskSummary {
  return {
    task_id: row.id,
    kind: row.kind as TaskSummary['kind'],
    ...(row.dataset_id ? { dataset_id: row.dataset_id } : {}),
    ...(row.dataset_name !== null ? { dataset_name: row.dataset_name } : {}),
    status: row.status,
    phase: row.phase,
    progress: row.progress,
    create_time: row.create_time,
    ...(row.start_time !== null ? { start_time: row.start_time } : {}),
    ...(row.end_time !== null ? { end_time: row.end_time } : {}),
    update_time: row.update_time,
    attempts: row.attempts,
    ...(row.error_code ? { error_code: row.error_code, error_msg: row.error_msg ?? '' } : {}),
    ...messageOf(row.result),
    params: publicFields(row.params),
    result: publicFields(row.result),
  };
}

/**
 * The task center's list: every kind, filtered by kind, phase and dataset; unfinished tasks first (oldest
 * first: they run in about that order), then finished ones, newest first. `offset` is a page index.
 */
export function listTaskSummaries(ctx: EngineContext, q: ListTasksQuery): ListTasksResp {
  const where: string[] = [];
  const values: unknown[] = [];
  if (q.kind?.length) {
    where.push(`kind IN (${q.kind.map(() => '?').join(', ')})`);
    values.push(...q.kind);
  }
  if (q.phase?.length) {
    where.push(`phase IN (${q.phase.map(() => '?').join(', ')})`);
    values.push(...q.phase);
  }
  if (q.dataset_id) {
    where.push('dataset_id = ?');
    values.push(q.dataset_id);
  }
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const counts = ctx.sqlite
    .prepare(`SELECT count(*) AS total, coalesce(sum(phase IN ('queued', 'running')), 0) AS active FROM (${SELECT}${filter})`)
    .get(...values) as { total: number; active: number };
  const rows = ctx.sqlite
    .prepare(
      `${SELECT}${filter}
       ORDER BY phase NOT IN ('queued', 'running'),
         CASE WHEN phase IN ('queued', 'running') THEN create_time ELSE -create_time END, id
       LIMIT ? OFFSET ?`,
    )
    .all(...values, q.limit, q.offset * q.limit) as Row[];
  return { total_count: counts.total, active_count: counts.active, tasks: rows.map(toSummary) };
}

/** One task of any kind; 4700 when there is none. */
export function getTaskSummary(ctx: EngineContext, taskId: string): TaskSummary {
  const row = ctx.sqlite.prepare(`${SELECT} WHERE id = ?`).get(taskId) as Row | undefined;
  if (!row) throw new ModelArtsError('4700', `Task ${taskId} does not exist`);
  return toSummary(row);
}
