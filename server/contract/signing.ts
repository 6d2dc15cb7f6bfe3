/**
 * SDK-HMAC-SHA256 request signing (modelarts-api.md §11) — the one module that both the BFF (signing)
 * and the engine (verification) use. Server-only: never import it from src/.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const MAX_SKEW_MS = 15 * 60 * 1000;

export type QueryValue = string | string[];

/** A query string (without `?`) as the signer takes it: repeated keys become arrays, in order. */
export function parseQuery(search: string): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}
export interface SignableRequest {
  method: string;
  /** Path only, not percent-encoded twice: as it appears on the wire (may contain %XX). */
  path: string;
  query: Record<string, QueryValue | undefined>;
  /** Header names in any case; only the signed ones matter. */
  headers: Record<string, string | string[] | undefined>;
  /** Raw body bytes or string; empty for none. */
  body?: string | Buffer;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** RFC 3986 percent-encoding: unreserved characters kept, UTF-8 bytes as upper-case %XX. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function canonicalUri(path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => encodeRfc3986(safeDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

export function canonicalQuery(query: SignableRequest['query']): string {
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? [...value].sort() : [value];
    for (const v of values) parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(v)}`);
  }
  return parts.join('&');
}

function headerValue(headers: SignableRequest['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

export function canonicalRequest(req: SignableRequest, signedHeaders: string[]): string {
  const headerLines = signedHeaders.map((name) => `${name}:${(headerValue(req.headers, name) ?? '').trim()}\n`).join('');
  const declaredHash = headerValue(req.headers, 'x-sdk-content-sha256');
  const bodyHash = declaredHash === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(req.body ?? '');
  return [
    req.method.toUpperCase(),
    canonicalUri(req.path),
    canonicalQuery(req.query),
    headerLines,
    signedHeaders.join(';'),
    bodyHash,
  ].join('\n');
}

export function stringToSign(canonical: string, sdkDate: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signature(sk: string, toSign: string): string {
  return createHmac('sha256', sk).update(toSign).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Signs a request: returns the headers to add (`X-Sdk-Date`, `Authorization`). Every header present in
 * `req.headers` is signed, as the SDK does; `host` must be among them.
 */
export function signRequest(
  req: SignableRequest,
  credentials: { ak: string; sk: string },
  now: Date = new Date(),
): { 'X-Sdk-Date': string; Authorization: string } {
  const sdkDate = headerValue(req.headers, 'x-sdk-date') ?? formatSdkDate(now);
  const headers: SignableRequest['headers'] = { ...req.headers, 'x-sdk-date': sdkDate };
  const signedHeaders = Object.keys(headers)
    .filter((k) => headers[k] !== undefined)
    .map((k) => k.toLowerCase())
    .filter((k, i, all) => all.indexOf(k) === i)
    .sort();
  const canonical = canonicalRequest({ ...req, headers }, signedHeaders);
  const sig = signature(credentials.sk, stringToSign(canonical, sdkDate));
  return {
    'X-Sdk-Date': sdkDate,
    Authorization: `${ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`,
  };
}

export interface ParsedAuthorization {
  ak: string;
  signedHeaders: string[];
  signature: string;
}

/** Accepts `Access=AK` and the older `Credential=AK/date/…` form. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header || !header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const ak = fields.get('Access') ?? fields.get('Credential')?.split('/')[0];
  const signedHeaders = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!ak || !signedHeaders || !sig || !/^[0-9a-f]{64}$/.test(sig)) return undefined;
  return { ak, signedHeaders: signedHeaders.split(';').map((h) => h.toLowerCase()), signature: sig };
}

export type VerifyFailure = 'missing' | 'malformed' | 'unknown-key' | 'skew' | 'mismatch';

/** Verifies a signed request; `lookupSecret` returns the SK for an AK, or undefined when unknown. */
export function verifyRequest(
  req: SignableRequest,
  lookupSecret: (ak: string) => string | undefined,
  now: Date = new Date(),
): { ok: true; ak: string } | { ok: false; reason: VerifyFailure } {
  const header = headerValue(req.headers, 'authorization');
  if (!header) return { ok: false, reason: 'missing' };
  const auth = parseAuthorization(header);
  const sdkDate = headerValue(req.headers, 'x-sdk-date');
  if (!auth || !sdkDate || !auth.signedHeaders.includes('x-sdk-date')) return { ok: false, reason: 'malformed' };
  const date = parseSdkDate(sdkDate);
  if (!date) return { ok: false, reason: 'malformed' };
  const sk = lookupSecret(auth.ak);
  if (sk === undefined) return { ok: false, reason: 'unknown-key' };
  if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) return { ok: false, reason: 'skew' };
  const expected = signature(sk, stringToSign(canonicalRequest(req, auth.signedHeaders), sdkDate));
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(auth.signature, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'mismatch' };
  return { ok: true, ak: auth.ak };
}
