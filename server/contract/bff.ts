import { z } from 'zod';
import { pageQuery } from './common.js';

/** The BFF's own routes (`/bff/…`): console accounts and sessions. Not part of ModelArts. */
export const ROLES = ['admin', 'manager', 'reviewer', 'labeler'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Username = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ - (1–64)');
export const Password = z.string().min(8, 'at least 8 characters').max(256);

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({ username: z.string(), role: Role, email: z.string().optional() });
export const Session = z.object({
  user: SessionUser,
  project_id: z.string(),
  upstream: z.enum(['local', 'modelarts']),
  /** Sent back in the `x-csrf-token` header of every mutating request. */
  csrf_token: z.string(),
});
export type Session = z.infer<typeof Session>;

export const User = z.object({
  username: z.string(),
  role: Role,
  email: z.string().optional(),
  disabled: z.boolean(),
  create_time: z.number(),
  last_login_time: z.number().optional(),
});
export type User = z.infer<typeof User>;
export const ListUsersResp = z.object({ users: z.array(User) });
export const CreateUserBody = z.object({ username: Username, password: Password, role: Role, email: z.string().email().optional() });
export const UpdateUserBody = z.object({ role: Role.optional(), disabled: z.boolean().optional(), email: z.string().email().optional() });
export const ResetPasswordBody = z.object({ password: Password });

export const UsernameParams = z.object({ username: z.string().min(1).max(64) });

/** One mutating call through the BFF (`GET /bff/audit`, admins only), newest first. */
export const AuditEntry = z.object({
  id: z.number().int(),
  time: z.number(),
  /** The signed-in user, or the name tried at a failed login; absent for anonymous calls. */
  username: z.string().optional(),
  method: z.string(),
  /** Path without the query string; downloads (`/bff/downloads/…`) keep theirs, which names what was downloaded. */
  path: z.string(),
  status: z.number().int(),
  ip: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
/** `offset` is a page index, as everywhere in the API. */
export const ListAuditQuery = z.object(pageQuery(500, 50));
export const ListAuditResp = z.object({ total_number: z.number().int(), entries: z.array(AuditEntry) });
export type ListAuditResp = z.infer<typeof ListAuditResp>;

/** Error body of the BFF: the same shape as the API's. */
export { ErrorBody } from './errors.js';
