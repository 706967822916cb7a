import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../types.js';
import { claimJobSlot, finishJobSlot } from './jobs.repository.js';

/** A scheduled job: runs once per `everySeconds` slot, on exactly one server instance. */
export interface JobDefinition {
  name: string;
  everySeconds: number;
  run(deps: AppDeps, now: Date): Promise<void>;
}

/** The slot an instant falls in: slots are aligned to the Unix epoch so every instance agrees. */
export function slotKeyOf(job: Pick<JobDefinition, 'everySeconds'>, now: Date): string {
  const slot = Math.floor(now.getTime() / (job.everySeconds * 1000));
  return new Date(slot * job.everySeconds * 1000).toISOString();
}

export interface JobRunner {
  readonly instanceId: string;
  /** Claims and runs every job whose current slot is unclaimed; returns the names it ran. */
  runDue(): Promise<string[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function createJobRunner(deps: AppDeps, jobs: JobDefinition[], log: (msg: string, err?: unknown) => void = () => undefined): JobRunner {
  const instanceId = randomUUID();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  async function runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      const now = deps.clock.now();
      const slot = slotKeyOf(job, now);
      let claimed = false;
      try {
        claimed = await claimJobSlot(deps.db, job.name, slot, instanceId, now);
      } catch (err) {
        log(`job ${job.name}: cannot claim slot`, err);
        continue;
      }
      if (!claimed) continue;
      let error: string | null = null;
      try {
        await job.run(deps, now);
        ran.push(job.name);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        log(`job ${job.name} failed`, err);
      }
      await finishJobSlot(deps.db, job.name, slot, deps.clock.now(), error).catch((err: unknown) => log('finish', err));
    }
    return ran;
  }

  return {
    instanceId,
    runDue,
    start(intervalMs = 15_000) {
      if (timer) return;
      timer = setInterval(() => {
        running = running.then(runDue, runDue);
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running.catch(() => undefined);
    },
  };
}
