import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EngineContext } from '../context.js';

/** One annotation of a manifest line, as written (keys in the manifest's kebab-case). */
export interface ManifestAnnotation {
  type: string;
  name?: string;
  annotationLoc?: string;
  annotationFormat?: string;
  annotatedBy?: string;
  confidence?: number;
  hard?: boolean;
}

export const SAMPLE_USAGES = ['TRAIN', 'EVAL', 'TEST', 'INFERENCE'] as const;

/** A manifest line: the sample's canonical object path, its usage and its annotations. */
export interface ManifestEntry {
  objectPath: string;
  usage?: (typeof SAMPLE_USAGES)[number];
  annotations: ManifestAnnotation[];
  /** A hard example: `"hard": "true"` on the line or on one of its annotations. */
  hard?: boolean;
}

export type ManifestLine = { line: number; entry: ManifestEntry } | { line: number; error: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** Manifests write flags as "true" / "false" strings; booleans and 0 / 1 are taken too. */
const flag = (v: unknown): boolean | undefined =>
  v === undefined || v === null ? undefined : v === true || v === 1 || (typeof v === 'string' && ['true', '1'].includes(v.trim().toLowerCase()));

/**
 * Parses one JSON line of a ModelArts manifest
 * (`{"source":"s3://bucket/dir/1.jpg","usage":"TRAIN","annotation":[{"type":"modelarts/image_classification","name":"cat"}]}`).
 * Sources may be `s3://`, `obs://` or `/bucket/…`; they are confined to the object store like any path.
 */
export function parseManifestLine(ctx: EngineContext, text: string): ManifestEntry | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'not a JSON object';
  const line = json as Record<string, unknown>;
  const source = str(line.source);
  if (!source) return 'no "source"';
  if (/^content:\/\//i.test(source)) return 'inline text sources (content://) are not images';
  let objectPath: string;
  try {
    objectPath = ctx.store.parse(source).objectPath;
  } catch (err) {
    return err instanceof Error ? err.message : 'invalid source';
  }
  const usage = str(line.usage)?.toUpperCase();
  const annotations = (Array.isArray(line.annotation) ? line.annotation : [])
    .filter((a): a is Record<string, unknown> => !!a && typeof a === 'object')
    .map((a) => ({
      type: str(a.type) ?? '',
      name: str(a.name),
      annotationLoc: str(a['annotation-loc']),
      annotationFormat: str(a['annotation-format']),
      annotatedBy: str(a['annotated-by']),
      confidence: typeof a.confidence === 'number' ? a.confidence : undefined,
      hard: flag(a.hard),
    }));
  const hard = flag(line.hard) || annotations.some((a) => a.hard === true);
  return {
    objectPath,
    usage: SAMPLE_USAGES.find((u) => u === usage),
    annotations,
    ...(hard ? { hard } : {}),
  };
}

/** Streams a manifest file line by line (blank lines skipped), so big manifests stay out of memory. */
export async function* readManifest(ctx: EngineContext, fsPath: string): AsyncGenerator<ManifestLine> {
  const lines = createInterface({ input: createReadStream(fsPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!text) continue;
    const parsed = parseManifestLine(ctx, text);
    yield typeof parsed === 'string' ? { line: n, error: parsed } : { line: n, entry: parsed };
  }
}
