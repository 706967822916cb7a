import type { JobDefinition } from '../jobs/job-runner.js';
import { deleteStalePublicData } from './public.repository.js';

/** Hourly: stale verification codes, idempotency records and never-attached public photos. */
export const PUBLIC_JOBS: JobDefinition[] = [
  {
    name: 'public.cleanup',
    everySeconds: 3600,
    run: async (deps, now) => void (await deps.db.transaction((tx) => deleteStalePublicData(tx, now))),
  },
];
