import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../demo/demo.seed.js';

// R-PROJ-1, R-VOTE-1: the demo county's micro-projects and this year's livelihood vote, made through the services.
describe('projects and votes demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-02T02:00:00Z' });
    await seedDemo(t.deps, 'Demo-Passw0rd!');
  }, 240_000);
  afterAll(() => t.close());

  it('has the drainage (¥180,000, accepted) and the road bend micro-projects, and a counted vote whose ten chosen items are tracked', async () => {
    const staff = await login(t.app, 'demo_county', 'Demo-Passw0rd!');
    const list = (await staff.request('GET', '/api/projects?kind=micro')).json<{ items: { title: string; status: string; budgetFen: number | null; regionName: string }[] }>();
    const drainage = list.items.find((p) => p.title.includes('排水管网改造'));
    expect(drainage).toMatchObject({ status: 'accepted', budgetFen: 18_000_000 });
    const bend = list.items.find((p) => p.title.includes('旺龙村'));
    expect(bend).toMatchObject({ status: 'started', regionName: '旺龙村' });
    const rounds = (await staff.request('GET', '/api/votes/rounds')).json<{ items: { roundId: string; year: number; phase: string }[] }>();
    expect(rounds.items).toHaveLength(1);
    expect(rounds.items[0]).toMatchObject({ year: 2026, phase: 'counted' });
    const round = (await staff.request('GET', `/api/votes/rounds/${rounds.items[0]!.roundId}`)).json();
    expect(round.candidates).toHaveLength(12);
    expect(round.candidates.filter((c: { screening: string }) => c.screening === 'listed')).toHaveLength(11);
    expect(round.listedSubItems).toBeGreaterThan(20);
    expect(round.result.quorumMet).toBe(true);
    expect(round.candidates.filter((c: { result: { chosen: boolean } | null }) => c.result?.chosen)).toHaveLength(10);
    expect(round.projects).toHaveLength(10);
    expect(round.reconciliation.ballotsCast).toBe(round.result.ballotsCast);
    expect(round.reconciliation.discrepancies.map((d: { kind: string }) => d.kind)).toContain('duplicate');
    const deputy = await login(t.app, 'demo_deputy', 'Demo-Passw0rd!');
    const mine = (await deputy.request('GET', `/api/votes/rounds/${round.roundId}`)).json();
    expect(mine.me).toMatchObject({ eligible: true, voted: true, channel: 'electronic' });
    expect(mine.actions).toContain('rate');
    const totals = (await staff.request('GET', '/api/projects/totals')).json();
    expect(totals.total.projects).toBeGreaterThanOrEqual(14);
  });
});
