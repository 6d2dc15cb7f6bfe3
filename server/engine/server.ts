import { engineIdentity, loadEnv } from '../config.js';
import { buildEngine } from './app.js';

/** `npm run engine`: the engine alone, on loopback, for API clients. */
const env = loadEnv();
const identity = engineIdentity(env);
const { app } = await buildEngine({ dataDir: env.DATA_DIR, ...identity, logger: true });
await app.listen({ host: '127.0.0.1', port: env.ENGINE_PORT });
console.log(`Engine on http://127.0.0.1:${env.ENGINE_PORT}/v2/${identity.projectId}/ (OpenAPI: /v2/openapi.json)`);
if (identity.writtenTo) console.log(`Generated project id and AK/SK written to ${identity.writtenTo}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
