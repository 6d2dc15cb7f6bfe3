import { runLoad, runRounds } from './http-load.js';
import type { LoadJob } from './load-process.js';

/** Entry of the load-generator process: runs one job per message and answers with its result. */
process.on('message', (msg: { id: number; job: LoadJob }) => {
  const { id, job } = msg;
  const work = job.kind === 'rounds' ? runRounds(job.specs, job) : runLoad(job.spec, job);
  work.then(
    (result) => process.send!({ id, result }),
    (err: unknown) => process.send!({ id, error: String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
