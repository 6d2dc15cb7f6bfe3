import type { Role } from '../../contract/bff.js';

/**
 * THE allow-list of the API proxy: which role may call which method on which path (after
 * `/v2/{project_id}`). A request that matches no rule of its role is refused with 403 ModelArts.0108.
 * Labelers and reviewers read datasets, labels, samples, statistics, import / export / sync tasks, the task
 * center and files; managers and admins may do everything the upstream allows (imports, exports, syncs and
 * task stops included: those are POSTs, which no reader rule lets through).
 */
interface Rule {
  roles: readonly Role[];
  methods: readonly string[] | '*';
  path: RegExp;
}

const SEG = '[^/]+';
const READERS: readonly Role[] = ['labeler', 'reviewer', 'manager', 'admin'];
const READ = ['GET', 'HEAD'];

export const API_RULES: readonly Rule[] = [
  { roles: ['manager', 'admin'], methods: '*', path: /^\/.*$/ },
  { roles: READERS, methods: READ, path: /^\/datasets$/ },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/data-annotations/(stats|labels|samples|search-condition)$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/data-annotations/samples/${SEG}$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/import-tasks(/${SEG})?$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/versions(/${SEG})?$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/export-tasks(/${SEG})?$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/datasets/${SEG}/sync-data/status$`) },
  { roles: READERS, methods: READ, path: new RegExp(`^/task-center/tasks(/${SEG})?$`) },
  { roles: READERS, methods: READ, path: /^\/storage\/files\/.+$/ },
];

/** `path` is the part after `/v2/{project_id}`, without the query, as sent (percent-encoded). */
export function mayCallApi(role: Role, method: string, path: string): boolean {
  const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return API_RULES.some(
    (rule) =>
      rule.roles.includes(role) && (rule.methods === '*' || rule.methods.includes(method)) && rule.path.test(normalized),
  );
}

/**
 * `.` and `..` segments (also percent-encoded, or hidden behind an encoded slash) could be resolved by an
 * upstream into a path that no rule saw.
 */
export function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape is not a dot segment; the upstream rejects it on its own.
    }
    return decoded.split(/[/\\]/).some((part) => part === '.' || part === '..');
  });
}
