import {
  can,
  COMMITTEE_LINK_KIND_LABELS,
  groupLevelMix,
  isWithinRegion,
  listScopeOf,
  type Actor,
  type TCommitteeLink,
  type TCommitteeLinkCreateRequest,
  type TCommitteeLinkListQuery,
  type TDeputyGroup,
  type TDeputyGroupCreateRequest,
  type TDeputyGroupDetail,
  type TDeputyGroupListQuery,
  type TDeputyGroupMembersRequest,
  type TDeputyGroupUpdateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound, type FieldProblem } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findDeputiesBrief, findStationBrief } from './deputies.repository.js';
import { findRegion } from './region.repository.js';
import * as repo from './groups.repository.js';
import { findUnit } from './units.repository.js';
import {
  checkVersion,
  iso,
  orgActions,
  requireListAccess,
  requireOrgAccess,
  translateConstraint,
} from './organisation.access.js';

type MemberInput = TDeputyGroupMembersRequest['members'][number];

function presentGroup(actor: Actor, g: repo.GroupRow): TDeputyGroup {
  const mix = groupLevelMix(g.member_levels);
  const manage = orgActions(actor, ['deputy.manage'] as const, { regionCodes: [g.region_code] }).length > 0;
  return {
    groupId: g.group_id,
    regionCode: g.region_code,
    regionName: g.region_name,
    name: g.name,
    field: g.field,
    description: g.description,
    memberCount: g.member_count,
    levelCounts: mix.counts,
    mixesLevels: mix.mixesLevels,
    isDemo: g.is_demo,
    createdAt: iso(g.created_at),
    version: g.version,
    actions: manage ? ['update', 'manage_members', 'delete'] : [],
  };
}

function presentLink(actor: Actor, l: repo.LinkRow): TCommitteeLink {
  const ref = (id: string | null, code: string | null, name: string | null) =>
    id ? { id, code, name: name ?? '' } : null;
  const manage = orgActions(actor, ['deputy.manage'] as const, { regionCodes: [l.region_code] }).length > 0;
  return {
    linkId: l.link_id,
    kind: l.kind,
    kindLabel: COMMITTEE_LINK_KIND_LABELS[l.kind],
    regionCode: l.region_code,
    regionName: l.region_name,
    memberName: l.member_name ?? l.member_deputy_name,
    memberDeputy: ref(l.member_deputy_id, null, l.member_deputy_name),
    deputy: ref(l.deputy_id, null, l.deputy_name),
    station: ref(l.station_id, l.station_code, l.station_name),
    unit: ref(l.unit_id, l.unit_code, l.unit_name),
    note: l.note,
    createdAt: iso(l.created_at),
    actions: manage ? ['delete'] : [],
  };
}

export function createGroupsService(deps: AppDeps) {
  const { db, clock } = deps;

  async function loadGroup(ctx: RequestContext, groupId: string, action: 'deputy.read' | 'deputy.manage') {
    const g = await repo.findGroup(db, groupId);
    if (!g) throw notFound('未找到该代表小组');
    const actor = await requireOrgAccess(deps, ctx, action, { regionCodes: [g.region_code] }, {
      type: 'deputy_group',
      id: groupId,
    });
    return { actor, g };
  }

  /** A group's region is a county or a town the actor keeps. */
  async function checkGroupRegion(regionCode: string) {
    const r = await findRegion(db, regionCode);
    if (!r || (r.level !== 'county' && r.level !== 'town')) {
      throw badRequest('代表小组应属于县（市、区）或镇（街道）', [
        { field: 'regionCode', message: '代表小组应属于县（市、区）或镇（街道）' },
      ]);
    }
  }

  /** Members: existing deputies the actor may see, each once, at most one leader. */
  async function checkMembers(actor: Actor, members: MemberInput[]) {
    const problems: FieldProblem[] = [];
    const found = new Map((await findDeputiesBrief(db, members.map((m) => m.deputyId))).map((d) => [d.deputy_id, d]));
    const seen = new Set<string>();
    members.forEach((m, i) => {
      const d = found.get(m.deputyId);
      if (!d || !isWithinRegion(d.region_code, actor.scopeRegionCode)) {
        problems.push({ field: `members.${i}.deputyId`, message: '代表不存在或不在您的管辖范围内' });
      } else if (seen.has(m.deputyId)) {
        problems.push({ field: `members.${i}.deputyId`, message: `${d.name}重复` });
      }
      seen.add(m.deputyId);
    });
    if (members.filter((m) => m.role === 'leader').length > 1) {
      problems.push({ field: 'members', message: '每个代表小组只能有一名组长' });
    }
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
  }

  return {
    async listGroups(ctx: RequestContext, query: TDeputyGroupListQuery) {
      const actor = await requireListAccess(deps, ctx, 'deputy.read', query.regionCode, 'deputy_group');
      const { rows, total } = await repo.listGroups(db, listScopeOf(actor), query);
      return {
        items: rows.map((g) => presentGroup(actor, g)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'deputy.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async getGroup(ctx: RequestContext, groupId: string): Promise<TDeputyGroupDetail> {
      const { actor, g } = await loadGroup(ctx, groupId, 'deputy.read');
      const members = await repo.listMembers(db, groupId);
      return {
        ...presentGroup(actor, g),
        members: members.map((m) => ({ deputyId: m.deputy_id, name: m.name, levels: m.levels, role: m.role })),
      };
    },

    async createGroup(ctx: RequestContext, input: TDeputyGroupCreateRequest) {
      const actor = await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [input.regionCode] }, {
        type: 'deputy_group',
      });
      await checkGroupRegion(input.regionCode);
      const members = input.members ?? [];
      await checkMembers(actor, members);
      const now = clock.now();
      const groupId = await translateConstraint(
        db.transaction(async (tx) => {
          if (await repo.groupNameTaken(tx, input.regionCode, input.name)) throw conflict(`代表小组“${input.name}”已存在`);
          const id = await repo.insertGroup(tx, {
            countyCode: input.regionCode.slice(0, 6),
            regionCode: input.regionCode,
            name: input.name,
            field: input.field ?? null,
            description: input.description ?? null,
            now,
          });
          await repo.replaceMembers(tx, id, members, now);
          await insertAudit(tx, ctx, now, {
            action: 'deputy_group.create',
            objectType: 'deputy_group',
            objectId: id,
            regionCode: input.regionCode,
            after: { name: input.name, field: input.field ?? null, members: members.length },
          });
          return id;
        }),
        { unique: `代表小组“${input.name}”已存在` },
      );
      return this.getGroup(ctx, groupId);
    },

    async updateGroup(ctx: RequestContext, groupId: string, input: TDeputyGroupUpdateRequest) {
      const { g } = await loadGroup(ctx, groupId, 'deputy.manage');
      checkVersion(input.version, g.version);
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          if (input.name && (await repo.groupNameTaken(tx, g.region_code, input.name, groupId))) {
            throw conflict(`代表小组“${input.name}”已存在`);
          }
          await repo.updateGroup(tx, groupId, input, now);
          await insertAudit(tx, ctx, now, {
            action: 'deputy_group.update',
            objectType: 'deputy_group',
            objectId: groupId,
            regionCode: g.region_code,
            before: { name: g.name, field: g.field, description: g.description },
            after: { name: input.name ?? g.name, field: input.field === undefined ? g.field : input.field },
          });
        }),
        { unique: '代表小组名称已存在' },
      );
      return this.getGroup(ctx, groupId);
    },

    async setMembers(ctx: RequestContext, groupId: string, input: TDeputyGroupMembersRequest) {
      const { actor, g } = await loadGroup(ctx, groupId, 'deputy.manage');
      await checkMembers(actor, input.members);
      const before = await repo.listMembers(db, groupId);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.replaceMembers(tx, groupId, input.members, now);
        await insertAudit(tx, ctx, now, {
          action: 'deputy_group.set_members',
          objectType: 'deputy_group',
          objectId: groupId,
          regionCode: g.region_code,
          before: before.map((m) => ({ deputyId: m.deputy_id, role: m.role })),
          after: input.members,
        });
      });
      return this.getGroup(ctx, groupId);
    },

    async removeGroup(ctx: RequestContext, groupId: string) {
      const { g } = await loadGroup(ctx, groupId, 'deputy.manage');
      const now = clock.now();
      await translateConstraint(
        db.transaction(async (tx) => {
          await repo.deleteGroup(tx, groupId);
          await insertAudit(tx, ctx, now, {
            action: 'deputy_group.delete',
            objectType: 'deputy_group',
            objectId: groupId,
            regionCode: g.region_code,
            before: { name: g.name, members: g.member_count },
          });
        }),
        { foreignKey: '该代表小组已有活动等记录，不能删除' },
      );
      return { deleted: true as const };
    },

    // ─── Committee links (R-ORG-8) ───────────────────────────────────────────────────────────

    async listLinks(ctx: RequestContext, query: TCommitteeLinkListQuery) {
      const actor = await requireListAccess(deps, ctx, 'deputy.read', query.regionCode, 'committee_link');
      const { rows, total } = await repo.listLinks(db, listScopeOf(actor), query);
      return {
        items: rows.map((l) => presentLink(actor, l)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        canCreate: can(actor, 'deputy.manage', { regionCode: query.regionCode ?? actor.scopeRegionCode }).allowed,
      };
    },

    async createLink(ctx: RequestContext, input: TCommitteeLinkCreateRequest) {
      const actor = await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [input.regionCode] }, {
        type: 'committee_link',
      });
      const problems: FieldProblem[] = [];
      const region = await findRegion(db, input.regionCode);
      if (!region || (region.level !== 'county' && region.level !== 'town')) {
        problems.push({ field: 'regionCode', message: '所属区划应为县（市、区）或镇（街道）' });
      }
      const deputyIds = [input.deputyId, input.memberDeputyId].filter((x): x is string => !!x);
      const deputies = new Map((await findDeputiesBrief(db, deputyIds)).map((d) => [d.deputy_id, d]));
      for (const field of ['deputyId', 'memberDeputyId'] as const) {
        const id = input[field];
        const d = id ? deputies.get(id) : undefined;
        if (id && (!d || !isWithinRegion(d.region_code, actor.scopeRegionCode))) {
          problems.push({ field, message: '代表不存在或不在您的管辖范围内' });
        }
      }
      if (input.stationId) {
        const s = await findStationBrief(db, input.stationId);
        if (!s || !isWithinRegion(s.region_code, actor.scopeRegionCode)) {
          problems.push({ field: 'stationId', message: '联络站不存在或不在您的管辖范围内' });
        }
      }
      if (input.unitId) {
        const u = await findUnit(db, input.unitId);
        const readable = u && (isWithinRegion(u.region_code, actor.scopeRegionCode) || isWithinRegion(actor.scopeRegionCode, u.region_code));
        if (!readable) problems.push({ field: 'unitId', message: '承办单位不存在' });
      }
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const now = clock.now();
      const linkId = await db.transaction(async (tx) => {
        const id = await repo.insertLink(tx, {
          countyCode: input.regionCode.slice(0, 6),
          regionCode: input.regionCode,
          kind: input.kind,
          memberName: input.memberName ?? null,
          memberDeputyId: input.memberDeputyId ?? null,
          deputyId: input.kind === 'presidium_member_station' ? null : (input.deputyId ?? null),
          stationId: input.kind === 'presidium_member_station' ? (input.stationId ?? null) : null,
          unitId: input.kind === 'deputy_unit' ? (input.unitId ?? null) : null,
          note: input.note ?? null,
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'committee_link.create',
          objectType: 'committee_link',
          objectId: id,
          regionCode: input.regionCode,
          after: { ...input },
        });
        return id;
      });
      const l = await repo.findLink(db, linkId);
      return presentLink(actor, l as repo.LinkRow);
    },

    async removeLink(ctx: RequestContext, linkId: string) {
      const l = await repo.findLink(db, linkId);
      if (!l) throw notFound('未找到该联系');
      await requireOrgAccess(deps, ctx, 'deputy.manage', { regionCodes: [l.region_code] }, { type: 'committee_link', id: linkId });
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deleteLink(tx, linkId);
        await insertAudit(tx, ctx, now, {
          action: 'committee_link.delete',
          objectType: 'committee_link',
          objectId: linkId,
          regionCode: l.region_code,
          before: { kind: l.kind, memberName: l.member_name, deputyId: l.deputy_id, stationId: l.station_id, unitId: l.unit_id },
        });
      });
      return { deleted: true as const };
    },
  };
}
