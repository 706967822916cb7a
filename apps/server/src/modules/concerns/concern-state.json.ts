import {
  formatCalendarDate,
  parseCalendarDate,
  type ConcernState,
  type ConcernUnitAssignment,
} from '@gridvoice/core';

/**
 * The ConcernState snapshot stored in `concerns.state` (jsonb): instants as ISO strings,
 * calendar dates as YYYY-MM-DD. Round-trips exactly.
 */
export type ConcernStateJson = Record<string, unknown>;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const date = (s: unknown): Date => new Date(s as string);
const dateOrNull = (s: unknown): Date | null => (s === null || s === undefined ? null : new Date(s as string));

export function stateToJson(s: ConcernState): ConcernStateJson {
  return {
    ...s,
    registeredAt: iso(s.registeredAt),
    units: s.units.map((u) => ({
      ...u,
      assignedAt: iso(u.assignedAt),
      dueOn: formatCalendarDate(u.dueOn),
      dueAt: iso(u.dueAt),
      acceptedAt: iso(u.acceptedAt),
      extension: u.extension ? { ...u.extension, requestedAt: iso(u.extension.requestedAt) } : null,
      opinion: u.opinion ? { ...u.opinion, at: iso(u.opinion.at) } : null,
    })),
    resolution: s.resolution ? { ...s.resolution, at: iso(s.resolution.at) } : null,
    reply: s.reply ? { ...s.reply, at: iso(s.reply.at) } : null,
    ratedAt: iso(s.ratedAt),
    closedAt: iso(s.closedAt),
  };
}

interface Raw {
  [k: string]: unknown;
  units: Record<string, unknown>[];
}

export function stateFromJson(j: ConcernStateJson): ConcernState {
  const raw = j as Raw;
  const units = raw.units.map((u): ConcernUnitAssignment => {
    const ext = u.extension as Record<string, unknown> | null;
    const op = u.opinion as Record<string, unknown> | null;
    return {
      ...(u as unknown as ConcernUnitAssignment),
      assignedAt: date(u.assignedAt),
      dueOn: parseCalendarDate(String(u.dueOn)),
      dueAt: date(u.dueAt),
      acceptedAt: dateOrNull(u.acceptedAt),
      extension: ext ? { workingDays: Number(ext.workingDays), reason: String(ext.reason), requestedAt: date(ext.requestedAt) } : null,
      opinion: op ? { content: String(op.content), at: date(op.at) } : null,
    };
  });
  const resolution = raw.resolution as Record<string, unknown> | null;
  const reply = raw.reply as (Record<string, unknown> & { opinions: { unitId: string; content: string }[] }) | null;
  return {
    ...(raw as unknown as ConcernState),
    registeredAt: date(raw.registeredAt),
    units,
    resolution: resolution ? { content: String(resolution.content), at: date(resolution.at) } : null,
    reply: reply
      ? {
          unitId: (reply.unitId as string | null) ?? null,
          content: String(reply.content),
          at: date(reply.at),
          opinions: reply.opinions,
          fromMasterId: (reply.fromMasterId as string | null) ?? null,
        }
      : null,
    ratedAt: dateOrNull(raw.ratedAt),
    closedAt: dateOrNull(raw.closedAt),
  };
}
