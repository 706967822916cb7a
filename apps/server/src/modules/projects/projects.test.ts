import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { makeDeputy, makeUnit } from '../../../test/organisation.factory.js';
import { countRows, makeSuggestionRow, uploadPhoto } from '../../../test/projects-votes.factory.js';

// R-PROJ-1: micro-projects over HTTP — deputies propose, government delivers, congress supervises.
type County = Awaited<ReturnType<typeof makeCounty>>;

describe('micro-projects (R-PROJ-1)', () => {
  let t: TestApp;
  let county: County;
  let village: string;
  let town: string;
  let staff: Session;
  let clerk: Session;
  let deputy: Session;
  let deputyId: string;
  let suggestionId: string;
  let draftSuggestionId: string;
  let unitId: string;
  let handler: Session;
  let otherHandler: Session;
  let concernIds: string[];

  beforeAll(async () => {
    t = await createTestApp({ start: '2025-03-03T01:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    county = await makeCounty(t, 2, 2);
    village = county.villageCodes[0]![0]!;
    town = county.townCodes[0]!;
    staff = (await loginAs(t, 'congress_staff', county.countyCode)).session;
    clerk = (await loginAs(t, 'town_staff', town)).session;
    deputyId = (await makeDeputy(t, village, '李代表')).deputyId;
    deputy = (await loginAs(t, 'deputy', town, { deputyId })).session;
    suggestionId = (await makeSuggestionRow(t, { regionCode: village, leadDeputyId: deputyId })).suggestionId;
    draftSuggestionId = (await makeSuggestionRow(t, { regionCode: village, leadDeputyId: deputyId, status: 'drafting' })).suggestionId;
    unitId = (await makeUnit(t, county.countyCode, '住建局')).unitId;
    handler = (await loginAs(t, 'unit_handler', county.countyCode, { unitId })).session;
    otherHandler = (await loginAs(t, 'unit_handler', county.countyCode, { unitId: (await makeUnit(t, county.countyCode)).unitId })).session;
    concernIds = [];
    for (const title of ['排水沟堵塞，雨天污水倒灌', '小区排水管老化']) {
      const c = await deputy.request('POST', '/api/concerns', {
        title, content: '老旧小区排水堵塞问题多发，希望改造排水管网', channel: 'station_reception', categoryCode: 'infrastructure',
        regionCode: village, collectorKind: 'deputy', deputyId, constituent: { name: '王五', phone: '13812345678', anonymous: false },
      });
      expect(c.statusCode, c.body).toBe(200);
      concernIds.push(c.json().concernId);
    }
  });
  afterAll(() => t.close());

  const propose = (s: Session, extra: Record<string, unknown> = {}) =>
    s.request('POST', '/api/projects', {
      title: '文苑社区排水管网改造', description: '改造老旧小区排水管网，解决雨天倒灌', regionCode: village,
      sourceConcernIds: concernIds, sourceSuggestionId: suggestionId, estimatedBudgetFen: 18_000_000, ...extra,
    });

  it('walks proposed → approved → started → finished → accepted, with both progress figures, inspections and supervision', async () => {
    const created = await propose(deputy);
    expect(created.statusCode, created.body).toBe(200);
    let p = created.json();
    expect(p).toMatchObject({ status: 'proposed', proposerDeputyId: deputyId, sourceSuggestionId: suggestionId, estimatedBudgetFen: 18_000_000 });
    // the page names the source suggestion by its title (its 案号 once filed; this one has none)
    expect(p).toMatchObject({ sourceSuggestionTitle: '关于改造文苑社区排水管网的建议', sourceSuggestionNumber: null });
    expect(p.sourceConcerns.map((c: { concernId: string }) => c.concernId).sort()).toEqual([...concernIds].sort());
    expect(p.actions).toEqual(['supervise']);
    const id = p.projectId;
    const act = async (s: Session, body: Record<string, unknown>, expected = 200) => {
      const res = await s.request('POST', `/api/projects/${id}/actions`, { ...body, version: p.version });
      expect(res.statusCode, res.body).toBe(expected);
      if (expected === 200) p = res.json();
      return res;
    };
    // a handler cannot approve; staff approve with budget and unit
    expect((await act(handler, { type: 'approve', budgetFen: 18_000_000, unitId, on: '2025-03-03' }, 403)).json().error.message).toBe('您没有执行此操作的权限');
    await act(staff, { type: 'approve', budgetFen: 18_000_000, unitId, on: '2025-03-03' });
    expect(p).toMatchObject({ status: 'approved', budgetFen: 18_000_000, unitName: '住建局', approvedOn: '2025-03-03' });
    // another unit's handler does not see it; the delivering unit starts it and reports progress
    expect((await act(otherHandler, { type: 'start', on: '2025-03-03' }, 404)).statusCode).toBe(404);
    await act(handler, { type: 'start', on: '2025-03-03' });
    expect(p.status).toBe('started');
    const rep = await handler.request('POST', `/api/projects/${id}/progress`, { percent: 80, note: '管网铺设完成八成', on: '2025-03-03' });
    expect(rep.statusCode, rep.body).toBe(200);
    // the deputy inspects: photo and location; the two figures side by side, the gap flagged
    const photo = await uploadPhoto(t, deputy);
    const insp = await deputy.request('POST', `/api/projects/${id}/inspections`, { verifiedPercent: 60, findings: '现场看到两段管道尚未铺设', on: '2025-03-03', photoIds: [photo], location: { lat: 22.61, lng: 113.08 }, place: '文苑社区3巷' });
    expect(insp.statusCode, insp.body).toBe(200);
    p = insp.json();
    expect(p.progress).toEqual({ reported: 80, verified: 60, gap: 20, flagged: true });
    expect(p.inspections[0]).toMatchObject({ percent: 60, location: { lat: 22.61, lng: 113.08 }, place: '文苑社区3巷', deputyName: '李代表' });
    expect(p.inspections[0].photos).toHaveLength(1);
    // the photo is readable by staff who may read the project
    const img = await staff.request('GET', p.inspections[0].photos[0].url);
    expect(img.statusCode).toBe(200);
    const sup = await staff.request('POST', `/api/projects/${id}/supervisions`, { kind: 'urge', content: '请承办单位加快进度', on: '2025-03-03' });
    expect(sup.statusCode, sup.body).toBe(200);
    p = sup.json();
    expect(p.supervisions[0]).toMatchObject({ action: 'urge', actionLabel: '督促催办', note: '请承办单位加快进度' });
    await act(handler, { type: 'finish', on: '2025-03-03' });
    expect(p.progress.reported).toBe(100);
    // acceptance needs a photo; without one: 400 naming the field, nothing written
    const before = await countRows(t, 'project_records', 'project_id = $1', [id]);
    const noPhoto = await act(staff, { type: 'accept', on: '2025-03-03', photoIds: [] }, 400);
    expect(noPhoto.json().error.details).toEqual([{ field: 'photoIds', message: '验收须上传至少一张现场照片' }]);
    expect(await countRows(t, 'project_records', 'project_id = $1', [id])).toBe(before);
    const accPhoto = await uploadPhoto(t, staff);
    await act(staff, { type: 'accept', on: '2025-03-03', photoIds: [accPhoto], note: '验收合格，投入使用' });
    expect(p).toMatchObject({ status: 'accepted', acceptedOn: '2025-03-03', acceptanceNote: '验收合格，投入使用' });
    expect(p.milestones.map((m: { action: string }) => m.action)).toEqual(['propose', 'approve', 'start', 'finish', 'accept']);
    expect(p.actions).toEqual([]);
    expect((await deputy.request('GET', `/api/projects/${id}`)).json().actions).toEqual(['inspect']);
    // every step audited in its transaction: propose, approve, start, progress, inspect, supervise, finish, accept
    expect(await countRows(t, 'audit_log', `object_type = 'project' AND object_id = $1 AND outcome = 'success'`, [id])).toBe(8);
    // the public page: no session, no personal data
    const pub = await t.app.inject({ method: 'GET', url: `/api/public/projects/${p.publicId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ title: '文苑社区排水管网改造', statusLabel: '已验收', budgetFen: 18_000_000, unitName: '住建局', acceptancePhotos: 1, inspections: 1 });
    expect(pub.body).not.toContain('13812345678');
    // totals by region and year
    const totals = (await staff.request('GET', '/api/projects/totals')).json();
    expect(totals.byYear).toEqual([{ year: 2025, projects: 1, budgetFen: 18_000_000, accepted: 1 }]);
    expect(totals.rows[0]).toMatchObject({ regionCode: town, year: 2025, kind: 'micro', projects: 1, budgetFen: 18_000_000 });
    const pubTotals = await t.app.inject({ method: 'GET', url: `/api/public/projects/totals?countyCode=${county.county6}&year=2025` });
    expect(pubTotals.json().total).toEqual({ projects: 1, budgetFen: 18_000_000, accepted: 1 });
  });

  it('every refused transition answers 409 in Chinese; reject and cancel keep their reason', async () => {
    const a = (await propose(clerk, { sourceConcernIds: [] })).json();
    const start = await staff.request('POST', `/api/projects/${a.projectId}/actions`, { type: 'start', on: '2025-03-03', version: a.version });
    expect(start.statusCode).toBe(409);
    expect(start.json().error.message).toBe('项目当前为“已提出”，不能开工');
    const rej = await staff.request('POST', `/api/projects/${a.projectId}/actions`, { type: 'reject', reason: '已纳入市政改造计划', on: '2025-03-03', version: a.version });
    expect(rej.json()).toMatchObject({ status: 'rejected', closedReason: '已纳入市政改造计划', actions: [] });
    const b = (await propose(clerk, { sourceConcernIds: [] })).json();
    const ap = (await staff.request('POST', `/api/projects/${b.projectId}/actions`, { type: 'approve', budgetFen: 5_000_000, unitId, on: '2025-03-03', version: b.version })).json();
    const stale = await staff.request('POST', `/api/projects/${b.projectId}/actions`, { type: 'cancel', reason: '重复', on: '2025-03-03', version: b.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('该项目已被他人修改，请刷新后重试');
    const inspectEarly = await deputy.request('POST', `/api/projects/${b.projectId}/inspections`, { verifiedPercent: 0, findings: '未开工', on: '2025-03-03', photoIds: [await uploadPhoto(t, deputy)] });
    expect(inspectEarly.statusCode).toBe(409);
    const cancel = await staff.request('POST', `/api/projects/${b.projectId}/actions`, { type: 'cancel', reason: '并入道路改造统一实施', on: '2025-03-03', version: ap.version });
    expect(cancel.json()).toMatchObject({ status: 'cancelled', closedReason: '并入道路改造统一实施' });
    const future = await staff.request('POST', `/api/projects/${a.projectId}/actions`, { type: 'approve', budgetFen: 1, unitId, on: '2099-01-01', version: 1 });
    expect(future.statusCode).toBe(409);
  });

  it('scope: town staff of another town, a viewer, a deputy outside their town', async () => {
    const p = (await propose(clerk, { sourceConcernIds: [] })).json();
    const otherTown = (await loginAs(t, 'town_staff', county.townCodes[1]!)).session;
    expect((await otherTown.request('GET', `/api/projects/${p.projectId}`)).statusCode).toBe(404);
    expect((await otherTown.request('GET', '/api/projects')).json().items.find((x: { projectId: string }) => x.projectId === p.projectId)).toBeUndefined();
    expect((await clerk.request('GET', '/api/projects')).json().items.some((x: { projectId: string }) => x.projectId === p.projectId)).toBe(true);
    const viewer = (await loginAs(t, 'viewer', county.countyCode)).session;
    expect((await viewer.request('GET', `/api/projects/${p.projectId}`)).statusCode).toBe(200);
    expect((await propose(viewer, { sourceConcernIds: [] })).statusCode).toBe(403);
    const outside = await propose(deputy, { regionCode: county.villageCodes[1]![0]!, sourceConcernIds: [] });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toBe('该对象不在您的管辖范围内');
    // a concern outside the proposer's scope cannot be linked
    const otherDeputy = (await loginAs(t, 'deputy', county.townCodes[1]!, { deputyId: (await makeDeputy(t, county.villageCodes[1]![0]!)).deputyId })).session;
    const cross = await propose(otherDeputy, { regionCode: county.villageCodes[1]![0]! });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.details).toEqual([{ field: 'sourceConcernIds', message: '关联的群众意见不存在或不在您的管辖范围内' }]);
  });

  it('bad input: a Chinese 400 naming the field, nothing written', async () => {
    const projects = await countRows(t, 'projects');
    const audits = await countRows(t, 'audit_log', `action = 'project.propose'`);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '' }, 'title', '请填写项目名称'],
      [{ estimatedBudgetFen: 180000.5 }, 'estimatedBudgetFen', '金额应为整数（单位：分）'],
      [{ estimatedBudgetFen: -1 }, 'estimatedBudgetFen', '金额应大于0'],
      [{ regionCode: '123' }, 'regionCode', '区划代码应为12位数字'],
      [{ sourceSuggestionId: 'abc' }, 'sourceSuggestionId', '代表建议编号格式不正确'],
      [{ items: [{ title: '管网', budgetFen: '100' }] }, 'items.0.budgetFen', '金额应为数字（单位：分）'],
    ];
    // Issue 6: the source must be a real suggestion of this county, past drafting.
    cases.push(
      [{ sourceSuggestionId: '6f1c1c8e-8a54-4c55-9a3e-4d7b2f0c9a11' }, 'sourceSuggestionId', '来源代表建议不存在、仍在起草或不属于本行政区域'],
      [{ sourceSuggestionId: draftSuggestionId }, 'sourceSuggestionId', '来源代表建议不存在、仍在起草或不属于本行政区域'],
    );
    for (const [extra, field, message] of cases) {
      const res = await propose(deputy, extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      const details = res.json().error.details as { field: string; message: string }[];
      expect(details, JSON.stringify(extra)).toContainEqual({ field, message });
    }
    const res = await propose(staff, { regionCode: county.countyCode, sourceConcernIds: [] });
    expect(res.json().error.details).toEqual([{ field: 'regionCode', message: '请选择项目所在的镇街或村（社区）' }]);
    expect(await countRows(t, 'projects')).toBe(projects);
    expect(await countRows(t, 'audit_log', `action = 'project.propose'`)).toBe(audits);
  });
});
