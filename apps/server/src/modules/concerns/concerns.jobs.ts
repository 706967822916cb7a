import type { JobDefinition } from '../jobs/job-runner.js';
import { insertDeadlineReminders } from './concerns.repository.js';
import { createConcernsService } from './concerns.service.js';
import { createRetentionService } from './retention.service.js';

/**
 * The loop's scheduled work, each run once per slot across all instances:
 * - close as "not rated" what has waited past the rating period (hourly);
 * - remind handling units and dispatchers of concerns due soon (yellow light) and overdue (red), once a
 *   day at 00:00 UTC = 08:00 in Asia/Shanghai, through the outbox so notifications deliver them;
 * - anonymise closed concerns past their retention months (daily; retention.service.ts).
 */
export const CONCERN_JOBS: JobDefinition[] = [
  {
    name: 'concerns.close_not_rated',
    everySeconds: 3600,
    run: async (deps, now) => void (await createConcernsService(deps).closeOverdueRatings(now)),
  },
  {
    name: 'concerns.deadline_reminders',
    everySeconds: 86_400,
    run: async (deps, now) => void (await insertDeadlineReminders(deps.db, now)),
  },
  {
    name: 'concerns.anonymise_closed',
    everySeconds: 86_400,
    run: async (deps, now) => void (await createRetentionService(deps).anonymiseDue(now)),
  },
];
