import type { FastifyRequest } from 'fastify';
import { ModelArtsError } from '../../contract/errors.js';
import { parseQuery, verifyRequest, type QueryValue, type VerifyFailure } from '../../contract/signing.js';
import type { EngineContext } from '../context.js';

const FAILURES: Record<VerifyFailure, ModelArtsError> = {
  missing: new ModelArtsError('0205', 'Authorization header is missing: sign requests with SDK-HMAC-SHA256'),
  malformed: new ModelArtsError('0206', 'Authorization or X-Sdk-Date header is malformed'),
  'unknown-key': new ModelArtsError('0203', 'The access key is not known to this server'),
  skew: new ModelArtsError('0202', 'X-Sdk-Date differs from the server time by more than 15 minutes'),
  mismatch: new ModelArtsError('0208', 'Signature does not match the request'),
};

/** Splits the raw URL into path and query as sent (no decoding of the path). */
export function splitUrl(url: string): { path: string; query: Record<string, QueryValue> } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: {} } : { path: url.slice(0, q), query: parseQuery(url.slice(q + 1)) };
}

/** SDK-HMAC-SHA256 verification of a request and the project id in its path (§11). */
export function authenticate(req: FastifyRequest, ctx: EngineContext): void {
  const { path, query } = splitUrl(req.url);
  const result = verifyRequest(
    { method: req.method, path, query, headers: req.headers, body: req.rawBody ?? '' },
    (ak) => ctx.credentials.get(ak),
    new Date(ctx.now()),
  );
  if (!result.ok) throw FAILURES[result.reason];
  const projectId = path.split('/')[2];
  if (projectId !== ctx.projectId) {
    throw new ModelArtsError('0210', `Project id ${JSON.stringify(projectId ?? '')} is not this server's project`);
  }
}
