import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUri, formatSdkDate, signRequest, verifyRequest, type QueryValue, type SignableRequest } from './signing.js';

const require = createRequire(import.meta.url);
// The official Node SDK's signer (CommonJS, deep import; modelarts-api.md §11).
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign: (request: object, credentials: unknown) => Record<string, string> };
};
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as {
  BasicCredentials: new () => { withAk: (ak: string) => { withSk: (sk: string) => unknown } };
};

const AK = 'AKEXAMPLE';
const SK = 'SKEXAMPLE';
const HOST = 'modelarts.cn-north-4.myhuaweicloud.com';
const DATE = '20240101T000000Z';

interface Case {
  method: string;
  path: string;
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
  data?: unknown;
}

/** Signs with the SDK: it hashes JSON.stringify(data) and takes the query from queryParams. */
function sdkAuthorization(c: Case): string {
  const credentials = new BasicCredentials().withAk(AK).withSk(SK);
  const headers = { ...c.headers, 'X-Sdk-Date': DATE };
  const signed = AKSKSigner.sign(
    { method: c.method, endpoint: `https://${HOST}${c.path}`, headers, queryParams: structuredClone(c.query), data: c.data },
    credentials,
  );
  return signed.Authorization;
}

/** Signs with ours, over the body bytes the SDK would send. */
function ourAuthorization(c: Case): string {
  const headers = { ...c.headers, host: HOST, 'X-Sdk-Date': DATE };
  const body = c.data === undefined ? '' : JSON.stringify(c.data);
  return signRequest({ method: c.method, path: c.path, query: c.query, headers, body }, { ak: AK, sk: SK }).Authorization;
}

describe('signRequest', () => {
  it('reproduces the §11 test vector', () => {
    const headers = { 'Content-Type': 'application/json', 'X-Sdk-Date': DATE, host: HOST };
    const { Authorization } = signRequest(
      { method: 'POST', path: '/v2/p1/datasets', query: { limit: '10', offset: '0' }, headers, body: '{"dataset_name":"ds1","dataset_type":0}' },
      { ak: AK, sk: SK },
    );
    expect(Authorization).toBe(
      'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-sdk-date, Signature=d0ccdd25c8bb85e5b652d58a6efab270a2ba4dbc83ff5a73f6b19795a70985bf',
    );
  });

  it('adds X-Sdk-Date in the SDK format when none is given', () => {
    const now = new Date(Date.UTC(2024, 5, 1, 12, 30, 5));
    const signed = signRequest({ method: 'GET', path: '/v2/p1/datasets', query: {}, headers: { host: HOST } }, { ak: AK, sk: SK }, now);
    expect(signed['X-Sdk-Date']).toBe('20240601T123005Z');
    expect(formatSdkDate(now)).toBe('20240601T123005Z');
  });

  it('treats an encoded and an unencoded path alike', () => {
    expect(canonicalUri('/v2/p1/labels/%E7%8C%AB')).toBe(canonicalUri('/v2/p1/labels/猫'));
    expect(canonicalUri('/v2/p1/datasets')).toBe('/v2/p1/datasets/');
  });
});

describe('agreement with @huaweicloud/huaweicloud-sdk-core AKSKSigner', () => {
  const cases: [string, Case][] = [
    ['the §11 request', { method: 'POST', path: '/v2/p1/datasets', query: { limit: '10', offset: '0' }, headers: { 'Content-Type': 'application/json' }, data: { dataset_name: 'ds1', dataset_type: 0 } }],
    ['an empty GET', { method: 'GET', path: '/v2/p1/datasets', query: {}, headers: {} }],
    ['an empty-body DELETE', { method: 'DELETE', path: '/v2/p1/datasets/gfghHSokody6AJigS5A', query: {}, headers: { 'Content-Type': 'application/json' } }],
    ['query arrays, unsorted', { method: 'GET', path: '/v2/p1/datasets/d1/data-annotations/samples', query: { label_name: ['dog', 'cat', 'Ant'], limit: '5', offset: '0' }, headers: {} }],
    ['reserved and Unicode query values', { method: 'GET', path: '/v2/p1/datasets', query: { search_content: 'a b/c*d~e(f)!', 'x-y': '猫✓' }, headers: {} }],
    ['a Unicode path', { method: 'PUT', path: '/v2/p1/datasets/d1/data-annotations/labels/猫', query: { label_type: '0' }, headers: { 'Content-Type': 'application/json' }, data: { '@modelarts:color': '#93c47d' } }],
    ['X-Project-Id and a Unicode body', { method: 'POST', path: '/v2/p1/datasets/d1/data-annotations/labels', query: {}, headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Project-Id': 'p1' }, data: { labels: [{ name: 'chat – 猫', type: 0 }] } }],
    ['UNSIGNED-PAYLOAD', { method: 'PUT', path: '/v2/p1/storage/objects', query: { path: '/b/x.jpg' }, headers: { 'Content-Type': 'application/octet-stream', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } }],
  ];

  it.each(cases)('%s', (_name, c) => {
    expect(ourAuthorization(c)).toBe(sdkAuthorization(c));
  });

  it('agrees on generated paths, queries and bodies', () => {
    const text = fc.string({ unit: fc.constantFrom(...'aZ09-_.~ /*()!%+&=猫✓é'.split('')), maxLength: 12 });
    const segment = fc.string({ unit: fc.constantFrom(...'aZ09-_.~猫é'.split('')), minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.array(segment, { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: fc.constantFrom(...'abc_-'.split('')), minLength: 1, maxLength: 5 }), fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }))),
        fc.option(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean())), { nil: undefined }),
        (method, segments, query, data) => {
          const c: Case = { method, path: `/v2/p1/${segments.join('/')}`, query, headers: { 'Content-Type': 'application/json' }, data };
          expect(ourAuthorization(c)).toBe(sdkAuthorization(c));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifyRequest', () => {
  const req = {
    method: 'POST',
    path: '/v2/p1/datasets',
    query: { a: ['2', '1'] },
    headers: { host: HOST, 'content-type': 'application/json' } as Record<string, string>,
    body: '{"x":1}',
  };
  const now = new Date(Date.UTC(2024, 0, 1));
  const signed = { ...req, headers: { ...req.headers, ...signRequest(req, { ak: AK, sk: SK }, now) } };
  const lookup = (ak: string) => (ak === AK ? SK : undefined);

  it('accepts what signRequest signed', () => {
    expect(verifyRequest(signed, lookup, now)).toEqual({ ok: true, ak: AK });
  });

  const tampered: [string, SignableRequest][] = [
    ['a tampered body', { ...signed, body: '{"x":2}' }],
    ['a tampered query', { ...signed, query: { a: ['2', '3'] } }],
    ['a tampered path', { ...signed, path: '/v2/p1/datasets/x' }],
  ];
  it.each(tampered)('rejects %s', (_name, request) => {
    expect(verifyRequest(request, lookup, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a date skewed by more than 15 minutes, and an unknown key', () => {
    expect(verifyRequest(signed, lookup, new Date(now.getTime() + 16 * 60_000))).toEqual({ ok: false, reason: 'skew' });
    expect(verifyRequest(signed, () => undefined, now)).toEqual({ ok: false, reason: 'unknown-key' });
  });
});
