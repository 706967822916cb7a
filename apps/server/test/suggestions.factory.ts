/**
 * A deputy's suggestion walked through the suggestions service from drafting to closing
 * (communication, filing, registration, dispatch, consultation, reply, the deputy's rating), one
 * day between steps on the test clock.
 */
import type { RequestContext } from '../src/types.js';
import { createSuggestionsService } from '../src/modules/suggestions/suggestions.service.js';
import type { TestApp } from './harness.js';

export async function walkSuggestionToClose(
  t: TestApp,
  who: { deputy: RequestContext; office: RequestContext; unit: RequestContext },
  opts: { leadDeputyId: string; unitId: string; title?: string; replyCategory?: 'A' | 'B' | 'C' | 'D'; rating?: 'satisfied' | 'basically_satisfied' },
): Promise<{ suggestionId: string; status: string }> {
  const suggestions = createSuggestionsService(t.deps);
  // the service's days are Beijing days
  const today = () => new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const created = await suggestions.create(who.deputy, {
    title: opts.title ?? '关于改善群众出行条件的建议', content: '根据进站接待群众反映的问题提出建议', category: 'urban_environment',
    period: 'between_sessions', term: 17, session: 4, isPublic: true, leadDeputyId: opts.leadDeputyId, cosignerDeputyIds: [], concernIds: [],
  });
  let version = created.version;
  let status = '';
  const act = async (ctx: RequestContext, action: Record<string, unknown>) => {
    t.clock.advance(86_400_000);
    const r = (await suggestions.act(ctx, created.suggestionId, { ...action, version } as never)) as { version: number; status: string };
    version = r.version;
    status = r.status;
  };
  await act(who.deputy, { type: 'record_communication', form: 'visit', on: today(), withWhom: '承办单位', note: '提交前沟通' });
  await act(who.deputy, { type: 'file' });
  await act(who.office, { type: 'register' });
  await act(who.office, { type: 'dispatch', units: [{ unitId: opts.unitId, role: 'lead' }] });
  await act(who.unit, { type: 'record_consultation', form: 'visit', on: today(), people: ['领衔代表'], note: '面商' });
  const category = opts.replyCategory ?? 'A';
  const planned = category === 'B' || category === 'C' ? [{ item: '计划办理事项', dueOn: new Date(t.clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10) }] : [];
  await act(who.unit, { type: 'reply', category, content: '已按建议办理', documentNumber: '会办〔2024〕1号', signer: '局长', contact: '科长 0750-1', itemsDone: ['已办理'], itemsPlanned: planned });
  await act(who.deputy, { type: 'rate', handling: 'satisfied', result: opts.rating ?? 'satisfied' });
  return { suggestionId: created.suggestionId, status };
}
