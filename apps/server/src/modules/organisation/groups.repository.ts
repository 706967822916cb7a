import type { Queryable } from '@gridvoice/db';
import type {
  CommitteeLinkKind,
  DeputyLevel,
  ListScope,
  TCommitteeLinkListQuery,
  TDeputyGroupListQuery,
} from '@gridvoice/core';
import { DEPUTY_LEVELS_SQL } from './deputies.repository.js';
import { Conditions, escapeLike, likeWithin, orderSql } from './query-builder.js';

export interface GroupRow {
  group_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  name: string;
  field: string | null;
  description: string | null;
  is_demo: boolean;
  version: number;
  created_at: Date;
  member_count: number;
  /** Active levels of each member. */
  member_levels: DeputyLevel[][];
}

const SELECT = `
  SELECT g.group_id, g.county_code, g.region_code, r.name AS region_name, g.name, g.field, g.description, g.is_demo,
    g.version, g.created_at,
    (SELECT count(*) FROM deputy_group_members m WHERE m.group_id = g.group_id) AS member_count,
    COALESCE((SELECT json_agg(${DEPUTY_LEVELS_SQL('d')}) FROM deputy_group_members m
      JOIN deputies d ON d.deputy_id = m.deputy_id WHERE m.group_id = g.group_id), '[]'::json) AS member_levels
  FROM deputy_groups g JOIN regions r ON r.region_code = g.region_code`;

const SORTS: Record<TDeputyGroupListQuery['sort'], string> = {
  name: 'g.name',
  memberCount: 'member_count',
  createdAt: 'g.created_at',
};

/** Groups and links are read by region: they are the organisation's, not anyone's personal data. */
export async function listGroups(
  q: Queryable,
  scope: ListScope,
  f: TDeputyGroupListQuery,
): Promise<{ rows: GroupRow[]; total: number }> {
  const c = new Conditions();
  c.and('g.region_code LIKE ?', likeWithin(scope.scopeRegionCode));
  if (f.regionCode) c.and('g.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.field) c.and('g.field = ?', f.field);
  if (f.deputyId) {
    c.and('EXISTS (SELECT 1 FROM deputy_group_members m WHERE m.group_id = g.group_id AND m.deputy_id = ?)', f.deputyId);
  }
  if (f.q) c.and('(g.name ILIKE ? OR g.field ILIKE ?)', `%${escapeLike(f.q)}%`, `%${escapeLike(f.q)}%`);
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM deputy_groups g ${where}`, c.params);
  const rows = await q.query<GroupRow>(
    `${SELECT} ${where} ORDER BY ${SORTS[f.sort]} ${orderSql(f.order)}, g.name
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findGroup(q: Queryable, groupId: string): Promise<GroupRow | null> {
  const r = await q.query<GroupRow>(`${SELECT} WHERE g.group_id = $1`, [groupId]);
  return r.rows[0] ?? null;
}

export async function groupNameTaken(q: Queryable, regionCode: string, name: string, exceptId?: string): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM deputy_groups WHERE region_code = $1 AND name = $2 AND group_id IS DISTINCT FROM $3::uuid',
    [regionCode, name, exceptId ?? null],
  );
  return r.rows.length > 0;
}

export async function insertGroup(
  q: Queryable,
  g: { countyCode: string; regionCode: string; name: string; field: string | null; description: string | null; now: Date },
): Promise<string> {
  const r = await q.query<{ group_id: string }>(
    `INSERT INTO deputy_groups (county_code, region_code, name, field, description, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING group_id`,
    [g.countyCode, g.regionCode, g.name, g.field, g.description, g.now],
  );
  return (r.rows[0] as { group_id: string }).group_id;
}

export async function updateGroup(
  q: Queryable,
  groupId: string,
  patch: { name?: string; field?: string | null; description?: string | null },
  now: Date,
): Promise<void> {
  const c = new Conditions();
  const sets = [`updated_at = ${c.p(now)}`, 'version = version + 1'];
  if (patch.name !== undefined) sets.push(`name = ${c.p(patch.name)}`);
  if (patch.field !== undefined) sets.push(`field = ${c.p(patch.field)}`);
  if (patch.description !== undefined) sets.push(`description = ${c.p(patch.description)}`);
  await q.query(`UPDATE deputy_groups SET ${sets.join(', ')} WHERE group_id = ${c.p(groupId)}`, c.params);
}

export async function deleteGroup(q: Queryable, groupId: string): Promise<void> {
  await q.query('DELETE FROM deputy_groups WHERE group_id = $1', [groupId]);
}

export interface MemberRow {
  deputy_id: string;
  name: string;
  role: 'leader' | 'member';
  levels: DeputyLevel[];
}

export async function listMembers(q: Queryable, groupId: string): Promise<MemberRow[]> {
  const r = await q.query<MemberRow>(
    `SELECT d.deputy_id, d.name, m.role, ${DEPUTY_LEVELS_SQL('d')} AS levels
     FROM deputy_group_members m JOIN deputies d ON d.deputy_id = m.deputy_id
     WHERE m.group_id = $1 ORDER BY m.role = 'leader' DESC, d.name_pinyin`,
    [groupId],
  );
  return r.rows;
}

export async function replaceMembers(
  q: Queryable,
  groupId: string,
  members: { deputyId: string; role: 'leader' | 'member' }[],
  now: Date,
): Promise<void> {
  await q.query('DELETE FROM deputy_group_members WHERE group_id = $1', [groupId]);
  if (members.length === 0) return;
  await q.query(
    `INSERT INTO deputy_group_members (group_id, deputy_id, role, created_at)
     SELECT $1, m.deputy_id, m.role, $2 FROM unnest($3::uuid[], $4::text[]) AS m(deputy_id, role)`,
    [groupId, now, members.map((m) => m.deputyId), members.map((m) => m.role)],
  );
}

// ─── Committee links ─────────────────────────────────────────────────────────────────────────

export interface LinkRow {
  link_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  kind: CommitteeLinkKind;
  member_name: string | null;
  member_deputy_id: string | null;
  member_deputy_name: string | null;
  deputy_id: string | null;
  deputy_name: string | null;
  station_id: string | null;
  station_code: string | null;
  station_name: string | null;
  unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  note: string | null;
  created_at: Date;
}

const LINK_SELECT = `
  SELECT l.link_id, l.county_code, l.region_code, r.name AS region_name, l.kind, l.member_name, l.member_deputy_id,
    md.name AS member_deputy_name, l.deputy_id, d.name AS deputy_name, l.station_id, s.code AS station_code,
    s.name AS station_name, l.unit_id, u.code AS unit_code, u.name AS unit_name, l.note, l.created_at
  FROM committee_links l JOIN regions r ON r.region_code = l.region_code
  LEFT JOIN deputies md ON md.deputy_id = l.member_deputy_id
  LEFT JOIN deputies d ON d.deputy_id = l.deputy_id
  LEFT JOIN stations s ON s.station_id = l.station_id
  LEFT JOIN handling_units u ON u.unit_id = l.unit_id`;

export async function listLinks(
  q: Queryable,
  scope: ListScope,
  f: TCommitteeLinkListQuery,
): Promise<{ rows: LinkRow[]; total: number }> {
  const c = new Conditions();
  c.and('l.region_code LIKE ?', likeWithin(scope.scopeRegionCode));
  if (f.kind) c.and('l.kind = ?', f.kind);
  if (f.regionCode) c.and('l.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.deputyId) c.and('(l.deputy_id = ? OR l.member_deputy_id = ?)', f.deputyId, f.deputyId);
  if (f.stationId) c.and('l.station_id = ?', f.stationId);
  if (f.unitId) c.and('l.unit_id = ?', f.unitId);
  if (f.q) {
    c.and(
      '(l.member_name ILIKE ? OR EXISTS (SELECT 1 FROM deputies x WHERE x.deputy_id = l.member_deputy_id AND x.name ILIKE ?))',
      `%${escapeLike(f.q)}%`,
      `%${escapeLike(f.q)}%`,
    );
  }
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM committee_links l ${where}`, c.params);
  const rows = await q.query<LinkRow>(
    `${LINK_SELECT} ${where} ORDER BY l.kind, COALESCE(l.member_name, md.name), l.created_at
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findLink(q: Queryable, linkId: string): Promise<LinkRow | null> {
  const r = await q.query<LinkRow>(`${LINK_SELECT} WHERE l.link_id = $1`, [linkId]);
  return r.rows[0] ?? null;
}

export async function insertLink(
  q: Queryable,
  l: {
    countyCode: string;
    regionCode: string;
    kind: CommitteeLinkKind;
    memberName: string | null;
    memberDeputyId: string | null;
    deputyId: string | null;
    stationId: string | null;
    unitId: string | null;
    note: string | null;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ link_id: string }>(
    `INSERT INTO committee_links (county_code, region_code, kind, member_name, member_deputy_id, deputy_id, station_id,
       unit_id, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING link_id`,
    [l.countyCode, l.regionCode, l.kind, l.memberName, l.memberDeputyId, l.deputyId, l.stationId, l.unitId, l.note, l.now],
  );
  return (r.rows[0] as { link_id: string }).link_id;
}

export async function deleteLink(q: Queryable, linkId: string): Promise<void> {
  await q.query('DELETE FROM committee_links WHERE link_id = $1', [linkId]);
}
