import type { EngineIdentity, Env } from '../../config.js';

/** Where `/api/v2/{project_id}/…` goes, and the key pair that signs it. Never sent to the browser. */
export interface Upstream {
  kind: 'local' | 'modelarts';
  /** Origin of the upstream, e.g. `http://127.0.0.1:8081` or `https://modelarts.cn-north-4.myhuaweicloud.com`. */
  baseUrl: string;
  /** The only project id sessions may use. */
  projectId: string;
  ak: string;
  sk: string;
}

/** `local` is the embedded engine on loopback; `modelarts` comes entirely from MODELARTS_* variables. */
export function upstreamFromEnv(env: Env, engine: Pick<EngineIdentity, 'projectId' | 'ak' | 'sk'>): Upstream {
  if (env.UPSTREAM === 'modelarts') {
    return {
      kind: 'modelarts',
      baseUrl: new URL(env.MODELARTS_ENDPOINT!).origin,
      projectId: env.MODELARTS_PROJECT_ID!,
      ak: env.MODELARTS_AK!,
      sk: env.MODELARTS_SK!,
    };
  }
  return { kind: 'local', baseUrl: `http://127.0.0.1:${env.ENGINE_PORT}`, ...engine };
}
