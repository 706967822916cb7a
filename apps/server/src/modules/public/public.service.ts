import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  allowedConcernActions,
  attachmentProblem,
  ATTACHMENT_TYPES,
  buildRotaCalendar,
  decideCodeCheck,
  decideCodeRequest,
  DEFAULT_CONCERN_CATEGORIES,
  DEFAULT_CONCERN_SETTINGS,
  DEPUTY_LEVEL_LABELS,
  DEPUTY_LEVELS,
  ROTA_PURPOSE_LABELS,
  safeAttachmentName,
  sniffAttachmentType,
  STATION_KIND_LABELS,
  type ConcernStatus,
  type DeputyLevel,
  type RotaTemplate,
  type StationKind,
  type TPublicCategory,
  type TPublicConcernReceipt,
  type TPublicConcernRequest,
  type TPublicDeputy,
  type TPublicDeputyCard,
  type TPublicGrid,
  type TPublicRatingRequest,
  type TPublicStation,
  type TPublicTracking,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, conflict, notFound, unavailable, unprocessable } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { cleanAttachment } from '../attachments/attachments.service.js';
import { insertAttachment, linkAttachments } from '../attachments/attachments.repository.js';
import { stateFromJson } from '../concerns/concern-state.json.js';
import { findConcern } from '../concerns/concerns.repository.js';
import { createDeliveryChannels } from '../notifications/channels.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import { createSuggestionsService } from '../suggestions/suggestions.service.js';
import * as repo from './public.repository.js';

/** Photos from the public form: small, images only, a few per submission, usable for two hours. */
export const PUBLIC_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const UPLOAD_TOKEN_TTL_MS = 2 * 3_600_000;
const DUTY_DAYS_AHEAD = 35;
const DUTY_SLOTS_SHOWN = 6;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** The statuses as a citizen reads them. */
const PUBLIC_STATUS_LABELS: Record<ConcernStatus, string> = {
  registered: '已受理',
  resolved_on_spot: '已就地解决，请您评价',
  awaiting_dispatch: '正在转交办理',
  dispatched: '已交承办单位',
  in_progress: '办理中',
  replied: '已答复，请您评价',
  closed: '已办结',
  merged: '已与同类问题合并办理',
};

/** Timeline events a citizen sees (no units, no staff, no internal steps). */
const PUBLIC_EVENT_LABELS: Record<string, string> = {
  registered: '您的意见已登记受理',
  resolved_on_spot: '代表已就地解决',
  sent_for_dispatch: '已提交人大转交办理',
  dispatched: '已交承办单位办理',
  accepted: '承办单位已签收，正在办理',
  replied: '承办单位已答复',
  escalated: '已提交上级人大督办',
  rated: '您已评价',
  reopened: '您表示问题没有解决，已重新办理',
  closed: '已办结',
  closed_not_rated: '未评价，已办结',
  merged: '已与同类问题合并办理',
  master_reply_relayed: '已收到答复',
  suggestion_linked: '代表已将您的意见形成代表建议',
};

/** A title from the text when none is given: its first clause, else its first 20 characters. */
export function titleOf(content: string): string {
  const text = content.replace(/\s+/g, ' ').trim();
  const clause = text.split(/[，。！？；,.!?;\n]/)[0]?.trim() ?? '';
  if ([...clause].length >= 4 && [...clause].length <= 30) return clause;
  const chars = [...text];
  return chars.length <= 20 ? text : `${chars.slice(0, 20).join('')}…`;
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function canonicalHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v;
  return sha256(JSON.stringify(canon(value)));
}

export type CodeRequestOutcome =
  | { sent: true; resendAfterSeconds: number; expiresInSeconds: number }
  | { sent: false; retryAfterSeconds: number; message: string };

export function createPublicService(deps: AppDeps) {
  const { db, clock, cipher, config } = deps;
  const suggestions = createSuggestionsService(deps);
  const channels = createDeliveryChannels(deps);
  const concerns = createConcernsService(deps);
  const codeHash = (phoneIndex: string, code: string) => cipher.integrityMac(`public-code:${phoneIndex}:${code}`);

  function maskedPhone(enc: string | null): string | null {
    if (!enc) return null;
    try {
      return cipher.mask('phone', cipher.decrypt(enc));
    } catch {
      return null;
    }
  }

  function card(d: repo.DeputyRow): TPublicDeputyCard {
    const levels = DEPUTY_LEVELS.filter((l) => d.levels.includes(l)).map((l: DeputyLevel) => DEPUTY_LEVEL_LABELS[l]);
    return {
      publicId: d.public_id,
      name: d.name,
      levels,
      // Only a path the web serves publicly; anything else stays private.
      photoUrl: d.photo_path && /^\/[\w/.-]+$/.test(d.photo_path) ? d.photo_path : null,
      phoneMasked: maskedPhone(d.phone_encrypted),
      occupation: d.occupation,
    };
  }

  function localTime(d: Date): string {
    return new Intl.DateTimeFormat('zh-CN', { timeZone: config.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  }

  async function dutyOf(stationId: string): Promise<TPublicStation['duty']> {
    const rows = await repo.listStationRota(db, stationId);
    if (rows.length === 0) return { available: false, days: [] };
    const now = clock.now();
    const templates: RotaTemplate[] = rows.map((r) => ({
      id: r.template_id,
      name: r.name,
      purpose: r.purpose,
      place: { kind: r.place_kind, id: (r.station_id ?? r.grid_id) as string },
      recurrence: r.recurrence as RotaTemplate['recurrence'],
      startTime: r.start_time,
      endTime: r.end_time,
      deputyIds: r.deputy_ids,
      ...(r.rotation ? { rotation: r.rotation } : {}),
      validFrom: r.valid_from,
      validUntil: r.valid_until,
    }));
    const swaps = await repo.listRotaSwaps(db, rows.map((r) => r.template_id));
    const { slots } = buildRotaCalendar(
      templates,
      { from: now, to: new Date(now.getTime() + DUTY_DAYS_AHEAD * 86_400_000) },
      swaps.map((s) => ({ slotId: s.slot_id, fromDeputyId: s.from_deputy_id, toDeputyId: s.to_deputy_id })),
      config.timeZone,
    );
    const coming = slots.filter((s) => s.end.getTime() > now.getTime()).slice(0, DUTY_SLOTS_SHOWN);
    const names = await repo.listDeputyNames(db, [...new Set(coming.flatMap((s) => s.deputyIds))]);
    return {
      available: true,
      days: coming.map((s) => ({
        date: s.date,
        start: localTime(s.start),
        end: localTime(s.end),
        label: `${WEEKDAYS[new Date(`${s.date}T00:00:00Z`).getUTCDay()] ?? ''} ${ROTA_PURPOSE_LABELS[s.purpose]}`,
        deputies: s.deputyIds.map((id) => names.get(id)).filter((n): n is string => !!n),
      })),
    };
  }

  /** The place a submission comes from: its region, county and the record ids it names. */
  async function placeOf(input: TPublicConcernRequest) {
    if (input.stationCode) {
      const s = await repo.findStationByCode(db, input.stationCode);
      if (!s) throw badRequest('未找到该联络站', [{ field: 'stationCode', message: '未找到该联络站' }]);
      return { regionCode: s.region_code, countyCode: s.county_code, stationId: s.station_id, gridId: null, deputyId: null };
    }
    if (input.gridCode) {
      const g = await repo.findGridByCode(db, input.gridCode);
      if (!g) throw badRequest('未找到该网格', [{ field: 'gridCode', message: '未找到该网格' }]);
      return { regionCode: g.village_code, countyCode: g.county_code, stationId: null, gridId: g.grid_id, deputyId: null };
    }
    const d = await repo.findDeputyByPublicId(db, input.deputyPublicId ?? '');
    if (!d) throw badRequest('未找到该代表', [{ field: 'deputyPublicId', message: '未找到该代表' }]);
    const places = await repo.listPlacesOfDeputy(db, d.deputy_id);
    const station = places.find((p) => p.kind === 'station');
    const grid = places.find((p) => p.kind === 'grid');
    return {
      regionCode: grid?.region_code ?? station?.region_code ?? d.region_code,
      countyCode: d.county_code,
      stationId: station?.id ?? null,
      gridId: grid?.id ?? null,
      deputyId: d.deputy_id,
    };
  }

  async function present(concernId: string): Promise<TPublicTracking> {
    const row = await findConcern(db, concernId);
    if (!row) throw notFound('未找到该事项，请检查链接是否完整');
    const state = stateFromJson(row.state);
    const events = await repo.listPublicEvents(db, concernId);
    const reply = state.reply ?? (state.resolution ? { content: state.resolution.content, at: state.resolution.at } : null);
    const canRate = allowedConcernActions(state, {
      actorRole: 'constituent',
      actorId: null,
      now: clock.now(),
      settings: DEFAULT_CONCERN_SETTINGS,
    }).includes('rate');
    return {
      caseNumber: row.case_number,
      title: row.title,
      categoryLabel: DEFAULT_CONCERN_CATEGORIES.find((c) => c.code === row.category_code)?.label ?? '其他',
      status: row.status,
      statusLabel: PUBLIC_STATUS_LABELS[row.status],
      submittedAt: row.created_at.toISOString(),
      // the lead unit's deadline of the current round (kept after the reply, for the reader)
      dueAt: (row.due_at ?? state.units.find((u) => u.round === state.dispatchRound && u.role === 'lead')?.dueAt)?.toISOString() ?? null,
      reply: reply ? { content: reply.content, at: reply.at.toISOString() } : null,
      rating: row.rating,
      canRate,
      reopenCount: row.reopen_count,
      timeline: events
        .filter((e) => PUBLIC_EVENT_LABELS[e.type])
        .map((e) => ({ at: e.occurred_at.toISOString(), label: PUBLIC_EVENT_LABELS[e.type] as string, note: null })),
      suggestions: await suggestions.publicSummariesOfConcern(db, concernId),
    };
  }

  async function concernOfToken(token: string): Promise<string> {
    const id = /^[\w-]{43}$/.test(token) ? await repo.findConcernIdByToken(db, sha256(token)) : null;
    if (!id) throw notFound('未找到该事项，请检查链接是否完整');
    return id;
  }

  return {
    async station(code: string): Promise<TPublicStation> {
      const s = await repo.findStationByCode(db, code);
      if (!s) throw notFound('未找到该联络站');
      const [deputies, duty] = await Promise.all([repo.listDeputiesAt(db, { stationId: s.station_id }), dutyOf(s.station_id)]);
      return {
        code: s.code,
        name: s.name,
        kind: s.kind,
        kindLabel: STATION_KIND_LABELS[s.kind as StationKind] ?? '联络站',
        regionName: s.region_name,
        address: s.address,
        openingHours: s.opening_hours,
        contactPhone: s.contact_phone,
        description: s.description,
        deputies: deputies.map(card),
        duty,
      };
    },

    async grid(code: string): Promise<TPublicGrid> {
      const g = await repo.findGridByCode(db, code);
      if (!g) throw notFound('未找到该网格');
      const [deputies, workers, stations] = await Promise.all([
        repo.listDeputiesAt(db, { gridId: g.grid_id }),
        repo.listGridWorkers(db, g.grid_id),
        repo.listStationsCovering(db, { gridId: g.grid_id, villageCode: g.village_code }),
      ]);
      return {
        code: g.code,
        name: g.name,
        villageName: g.village_name,
        deputies: deputies.map(card),
        workers: workers.map((w) => ({ name: w.name, phoneMasked: maskedPhone(w.phone_encrypted) })),
        stations: stations.map((s) => ({ code: s.code, name: s.name, address: s.address, openingHours: s.opening_hours })),
      };
    },

    async deputy(publicId: string): Promise<TPublicDeputy> {
      const d = await repo.findDeputyByPublicId(db, publicId);
      if (!d) throw notFound('未找到该代表');
      const places = await repo.listPlacesOfDeputy(db, d.deputy_id);
      return {
        ...card(d),
        stations: places.filter((p) => p.kind === 'station').map((p) => ({ code: p.code, name: p.name })),
        grids: places.filter((p) => p.kind === 'grid').map((p) => ({ code: p.code, name: p.name })),
      };
    },

    categories(): TPublicCategory[] {
      return DEFAULT_CONCERN_CATEGORIES.map((c) => ({ code: c.code, label: c.label }));
    },

    /** Sends a code by SMS when the rule allows; otherwise says how long to wait (429). */
    async requestCode(ctx: RequestContext, phone: string): Promise<CodeRequestOutcome> {
      const now = clock.now();
      const phoneIndex = cipher.blindIndex('phone', phone);
      const sent = await repo.listCodeSendTimes(db, phoneIndex, new Date(now.getTime() - 86_400_000));
      const decision = decideCodeRequest(now, sent);
      if (!decision.ok) return { sent: false, retryAfterSeconds: decision.retryAfterSeconds, message: decision.message };
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await repo.insertCode(db, { phoneIndex, codeHash: codeHash(phoneIndex, code), expiresAt: decision.expiresAt, ip: ctx.ip, now });
      try {
        await channels.sms(phone, `【民声通】您的验证码是 ${code}，5 分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`);
      } catch {
        throw unavailable('短信暂时发不出去，请稍后再试');
      }
      return { sent: true, resendAfterSeconds: 60, expiresInSeconds: Math.round((decision.expiresAt.getTime() - now.getTime()) / 1000) };
    },

    /** A photo from the public form: cleaned of EXIF, no owner yet, usable once with its token. */
    async uploadPhoto(ctx: RequestContext, bytes: Buffer) {
      const problem = attachmentProblem(bytes, PUBLIC_PHOTO_MAX_BYTES);
      const mime = sniffAttachmentType(bytes);
      if (problem || !mime || !ATTACHMENT_TYPES[mime].image) {
        const message = problem ?? '只能上传 JPG、PNG 或 WebP 照片';
        throw badRequest(message, [{ field: 'file', message }]);
      }
      let clean: Buffer;
      try {
        clean = await cleanAttachment(bytes, mime);
      } catch {
        throw badRequest('照片已损坏，无法读取', [{ field: 'file', message: '照片已损坏，无法读取' }]);
      }
      const now = clock.now();
      const token = newToken();
      const attachmentId = await db.transaction(async (tx) => {
        const id = await insertAttachment(tx, {
          storage_key: randomBytes(18).toString('base64url'),
          original_name: safeAttachmentName('照片', mime),
          mime_type: mime,
          size_bytes: clean.length,
          sha256: createHash('sha256').update(clean).digest('hex'),
          uploaded_by: null,
          region_code: null,
          county_code: null,
          created_at: now,
          bytes: clean,
        });
        await repo.insertPublicUpload(tx, {
          attachmentId: id,
          tokenHash: sha256(token),
          ip: ctx.ip,
          expiresAt: new Date(now.getTime() + UPLOAD_TOKEN_TTL_MS),
          now,
        });
        await insertAudit(tx, ctx, now, {
          action: 'attachment.upload',
          objectType: 'attachment',
          objectId: id,
          after: { via: 'public', mime, size: clean.length },
        });
        return id;
      });
      return { attachmentId, uploadToken: token, sizeBytes: clean.length };
    },

    /**
     * A citizen's concern: honeypot, idempotency, place, photos, SMS code; then, in one
     * transaction, the code is used up, the concern registered through the loop, the photos
     * linked and the tracking token issued.
     */
    async submit(ctx: RequestContext, input: TPublicConcernRequest, idempotencyKey?: string): Promise<TPublicConcernReceipt> {
      if (input.website) {
        // A robot filled the hidden field: answer as if accepted, keep nothing but the audit line.
        await insertAudit(db, ctx, clock.now(), { action: 'public.concern.honeypot', objectType: 'concern', outcome: 'denied' });
        return { caseNumber: '', trackingUrl: '' };
      }
      if (idempotencyKey !== undefined && !/^[\w.:-]{8,128}$/.test(idempotencyKey)) {
        throw badRequest('Idempotency-Key 应为 8 至 128 位字母、数字或 - _ . :', [
          { field: 'Idempotency-Key', message: '幂等键格式不正确' },
        ]);
      }
      const phoneIndex = cipher.blindIndex('phone', input.phone);
      const requestHash = canonicalHash(input);
      const replay = async () => {
        if (!idempotencyKey) return null;
        const existing = await repo.findIdempotencyKey(db, phoneIndex, idempotencyKey);
        if (!existing) return null;
        if (existing.request_hash !== requestHash) {
          throw unprocessable('该 Idempotency-Key 已用于内容不同的请求', 'idempotency_key_reused');
        }
        if (!existing.response_enc) throw conflict('相同的请求正在处理，请稍后再试', 'idempotency_in_progress');
        return JSON.parse(cipher.decrypt(existing.response_enc)) as TPublicConcernReceipt;
      };
      const earlier = await replay();
      if (earlier) return earlier;

      const categoryOk = DEFAULT_CONCERN_CATEGORIES.some((c) => c.code === input.categoryCode);
      if (!categoryOk) throw badRequest('请选择问题分类', [{ field: 'categoryCode', message: '请选择问题分类' }]);
      const place = await placeOf(input);
      const now = clock.now();

      const ids = input.photos.map((p) => p.attachmentId);
      const uploads = await repo.findPublicUploads(db, ids);
      input.photos.forEach((p, i) => {
        const u = uploads.find((x) => x.attachment_id === p.attachmentId);
        const tokenOk =
          !!u && timingSafeEqual(Buffer.from(u.token_hash, 'hex'), Buffer.from(sha256(p.uploadToken), 'hex'));
        if (!u || !tokenOk || u.owner_id || u.expires_at.getTime() <= now.getTime()) {
          throw badRequest('照片已失效，请重新上传', [{ field: `photos.${i}`, message: '照片已失效，请重新上传' }]);
        }
      });

      const code = await repo.findLatestCode(db, phoneIndex);
      const matches =
        !!code && timingSafeEqual(Buffer.from(code.code_hash, 'hex'), Buffer.from(codeHash(phoneIndex, input.code), 'hex'));
      const check = decideCodeCheck(now, code && { expiresAt: code.expires_at, attempts: code.attempts, consumedAt: code.consumed_at }, matches);
      if (!check.ok) {
        if (check.countAttempt && code) await repo.countCodeAttempt(db, code.code_id);
        throw badRequest(check.message, [{ field: 'code', message: check.message }]);
      }
      const codeId = (code as repo.CodeRow).code_id;

      const concernId = randomUUID();
      const token = newToken();
      const title = input.title?.trim() || titleOf(input.content);
      const out = await db.transaction(async (tx) => {
        if (idempotencyKey && !(await repo.claimIdempotencyKey(tx, { phoneIndex, key: idempotencyKey, requestHash, now }))) {
          return null;
        }
        if (!(await repo.consumeCode(tx, codeId, now))) {
          throw badRequest('验证码已使用，请重新获取', [{ field: 'code', message: '验证码已使用，请重新获取' }]);
        }
        const caseNumber = await concerns.registerOnline(
          tx,
          ctx,
          {
            concernId,
            countyCode: place.countyCode,
            regionCode: place.regionCode,
            stationId: place.stationId,
            gridId: place.gridId,
            deputyId: place.deputyId,
            title,
            content: input.content,
            categoryCode: input.categoryCode,
            attachmentIds: ids,
            constituent: {
              name: input.name?.trim() || null,
              phone: input.phone,
              anonymous: input.anonymous,
              privacyNoticeVersion: input.privacyNoticeVersion,
            },
          },
          now,
        );
        const linked = await linkAttachments(tx, ids, { type: 'concern', id: concernId }, null);
        if (linked.length !== ids.length) throw badRequest('照片已失效，请重新上传', [{ field: 'photos', message: '照片已失效' }]);
        await repo.insertTrackingToken(tx, sha256(token), concernId, now);
        const receipt: TPublicConcernReceipt = { caseNumber, trackingUrl: `/t/${token}` };
        if (idempotencyKey) await repo.setIdempotencyResponse(tx, phoneIndex, idempotencyKey, cipher.encrypt(JSON.stringify(receipt)));
        return receipt;
      });
      if (out) return out;
      const again = await replay();
      if (!again) throw conflict('相同的请求正在处理，请稍后再试', 'idempotency_in_progress');
      return again;
    },

    async track(token: string): Promise<TPublicTracking> {
      return present(await concernOfToken(token));
    },

    async rate(ctx: RequestContext, token: string, input: TPublicRatingRequest): Promise<TPublicTracking> {
      const concernId = await concernOfToken(token);
      await concerns.rateAsConstituent(ctx, concernId, input.rating, input.comment);
      return present(concernId);
    },
  };
}

export type PublicService = ReturnType<typeof createPublicService>;
