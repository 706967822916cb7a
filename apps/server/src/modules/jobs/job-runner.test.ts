import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { createJobRunner, slotKeyOf, type JobDefinition } from './job-runner.js';
import { listJobRuns } from './jobs.repository.js';

describe('scheduled jobs run once per slot across instances', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:10Z' });
  });
  afterAll(() => t.close());

  it('aligns slots to the epoch', () => {
    expect(slotKeyOf({ everySeconds: 3600 }, new Date('2025-03-03T01:59:59Z'))).toBe('2025-03-03T01:00:00.000Z');
    expect(slotKeyOf({ everySeconds: 60 }, new Date('2025-03-03T01:00:59.999Z'))).toBe('2025-03-03T01:00:00.000Z');
  });

  it('two instances racing for the same slot run the job once; the next slot runs again', async () => {
    const calls: string[] = [];
    const job: JobDefinition = {
      name: 'test.count',
      everySeconds: 60,
      run: async (_deps, now) => {
        calls.push(now.toISOString());
      },
    };
    const a = createJobRunner(t.deps, [job]);
    const b = createJobRunner(t.deps, [job]);
    const results = await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    expect(results.flat()).toEqual(['test.count']);
    expect(calls).toHaveLength(1);
    t.clock.advance(60_000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(calls).toHaveLength(2);
    const runs = await listJobRuns(t.db, 'test.count');
    expect(runs.map((r) => r.finished_at !== null)).toEqual([true, true]);
  });

  it('records a failure and does not retry the same slot', async () => {
    let n = 0;
    const job: JobDefinition = {
      name: 'test.fail',
      everySeconds: 60,
      run: async () => {
        n += 1;
        throw new Error('boom');
      },
    };
    const r = createJobRunner(t.deps, [job]);
    expect(await r.runDue()).toEqual([]);
    expect(await r.runDue()).toEqual([]);
    expect(n).toBe(1);
    expect((await listJobRuns(t.db, 'test.fail'))[0]?.error).toBe('boom');
  });
});
