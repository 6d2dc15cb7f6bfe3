import { ConfigError, adminPassword, engineIdentity, loadEnv } from '../config.js';
import { buildBff } from './app.js';
import { upstreamFromEnv } from './proxy/upstream.js';

/**
 * The BFF alone, in front of an engine started separately (`npm run engine`) or of ModelArts.
 * `npm start` runs both in one process instead (server/main.ts).
 */
let env;
try {
  env = loadEnv();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const upstream = upstreamFromEnv(env, env.UPSTREAM === 'local' ? engineIdentity(env) : { projectId: '', ak: '', sk: '' });
const app = await buildBff({
  dataDir: env.DATA_DIR,
  upstream,
  logLevel: 'info',
  firstAdmin: () => {
    const { password, writtenTo } = adminPassword(env);
    if (writtenTo) console.log(`First admin "${env.CONSOLE_ADMIN_USER}": password written to ${writtenTo}`);
    return { username: env.CONSOLE_ADMIN_USER, password };
  },
});
await app.listen({ host: env.HOST, port: env.PORT });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
