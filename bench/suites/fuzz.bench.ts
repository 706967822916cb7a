/**
 * Issue 9, item 5: 100,000 requests drawn from every operation's schema (valid, hostile, unknown
 * fields, random and broken JSON) against the real app on this run's database, by every role and
 * by nobody. Target: server_errors 0 (and partial_writes 0: a refused change writes nothing).
 * FUZZ_REQUESTS and FUZZ_SEED override the count and the seed.
 */
import { buildApp } from '../../apps/server/src/app.js';
import { loadConfig } from '../../apps/server/src/config.js';
import { manualClock } from '../../apps/server/src/lib/clock.js';
import { createPersonalDataCipher } from '../../apps/server/src/lib/personal-data.js';
import { TWO_FACTOR_SETTING } from '../../apps/server/src/modules/auth/two-factor.service.js';
import { writeSetting } from '../../apps/server/src/modules/system/system.repository.js';
import type { AppDeps } from '../../apps/server/src/types.js';
import { FUZZ_SKIP, fuzzPeople } from '../../apps/server/test/fuzz-world.js';
import { readOperations, runFuzz } from '../../apps/server/test/openapi-fuzz.js';
import type { BenchContext, BenchSuite } from '../run.js';

const suite: BenchSuite = {
  name: 'fuzz',
  async run(ctx: BenchContext) {
    const requests = Number(process.env.FUZZ_REQUESTS ?? 100_000);
    const seed = Number(process.env.FUZZ_SEED ?? 1);
    const clock = manualClock('2025-03-03T01:00:00Z');
    const deps: AppDeps = {
      config: { ...loadConfig({ GRIDVOICE_DATA_DIR: '/tmp/gv-unused' }), logLevel: 'silent' },
      db: ctx.db,
      clock,
      cipher: createPersonalDataCipher(Buffer.from('c'.repeat(64), 'hex')),
      version: 'bench',
    };
    await writeSetting(
      ctx.db,
      TWO_FACTOR_SETTING,
      { required: { admin: false, security_admin: false, auditor: false } },
      clock.now(),
    );
    const app = await buildApp(deps, { rateLimitPerMinute: 10_000_000 });
    await app.ready();
    try {
      const doc = (await app.inject('/api/openapi.json')).json<Parameters<typeof readOperations>[0]>();
      const ops = readOperations(doc, FUZZ_SKIP);
      const { people, seedPool } = await fuzzPeople({ app, deps });
      const started = performance.now();
      const { figures, problems } = await runFuzz({
        app,
        db: ctx.db,
        ops,
        people,
        requests,
        seed,
        seedPool,
        onProgress: (done) => {
          if (done % 10_000 === 0) ctx.log(`${done} requests`);
        },
      });
      for (const p of problems.slice(0, 20))
        {ctx.log(`${p.kind} ${p.status} ${p.who} ${p.method} ${p.url} body=${p.body} → ${p.answer}`);}
      return { ...figures, seconds: Math.round((performance.now() - started) / 100) / 10 };
    } finally {
      await app.close();
    }
  },
};
export default suite;
