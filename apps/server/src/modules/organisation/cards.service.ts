import QRCode from 'qrcode';
import { DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS, regionPrefix, type DeputyLevel } from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { badRequest, notFound, unauthorized } from '../../lib/errors.js';
import { requireAccess } from '../../lib/access.js';
import * as repo from './cards.repository.js';
import { requireOrgAccess } from './organisation.access.js';

/**
 * QR codes and service cards (issue 3 item 8, R-DUTY-7). Every station, grid and deputy has a
 * short public URL — /s/<station code>, /g/<grid code>, /d/<deputy public id> under
 * PUBLIC_BASE_URL — printed as a coarse QR code (error correction M) that scans from a poster.
 */
export type QrKind = 'station' | 'grid' | 'deputy';
const PATH_LETTER: Record<QrKind, string> = { station: 's', grid: 'g', deputy: 'd' };

export interface ServiceCard {
  deputyId: string;
  publicId: string;
  name: string;
  photoPath: string | null;
  regionName: string;
  levels: DeputyLevel[];
  levelLabels: string[];
  stations: { code: string; name: string }[];
  grids: { code: string; name: string }[];
  phoneMasked: string | null;
  publicUrl: string;
  qrDataUrl: string;
}

const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 1 };

export function createCardsService(deps: AppDeps) {
  const { db, cipher, config } = deps;
  const publicUrl = (kind: QrKind, code: string) => `${config.publicBaseUrl}/${PATH_LETTER[kind]}/${code}`;

  async function card(row: repo.CardRow): Promise<ServiceCard> {
    const url = publicUrl('deputy', row.public_id);
    const levels = DEPUTY_LEVELS.filter((l) => row.levels.includes(l));
    return {
      deputyId: row.deputy_id,
      publicId: row.public_id,
      name: row.name,
      photoPath: row.photo_path,
      regionName: row.region_name,
      levels,
      levelLabels: levels.map((l) => DEPUTY_LEVEL_LABELS[l]),
      stations: row.stations,
      grids: row.grids,
      phoneMasked: row.phone_encrypted ? cipher.mask('phone', cipher.decrypt(row.phone_encrypted)) : null,
      publicUrl: url,
      qrDataUrl: await QRCode.toDataURL(url, { ...QR_OPTIONS, width: 240 }),
    };
  }

  return {
    publicUrl,

    /** The QR code of a station, grid or deputy (by id or code) as SVG or PNG. */
    async qr(ctx: RequestContext, kind: QrKind, key: string, format: 'svg' | 'png') {
      const target = await repo.findQrTarget(db, kind, key);
      if (!target) throw notFound(kind === 'station' ? '未找到该联络站' : kind === 'grid' ? '未找到该网格' : '未找到该代表');
      await requireOrgAccess(deps, ctx, kind === 'deputy' ? 'deputy.read' : 'organisation.read',
        { regionCodes: [target.region_code], ...(kind === 'deputy' ? { deputyId: target.id } : {}), ...(kind === 'station' ? { stationIds: [target.id] } : {}) },
        { type: kind, id: target.id });
      const url = publicUrl(kind, target.code);
      if (format === 'png') {
        return { url, contentType: 'image/png', body: await QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', width: 480 }) };
      }
      return { url, contentType: 'image/svg+xml', body: await QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' }) };
    },

    async serviceCard(ctx: RequestContext, deputyId: string): Promise<ServiceCard> {
      const row = await repo.findCard(db, deputyId);
      if (!row) throw notFound('未找到该代表');
      await requireOrgAccess(deps, ctx, 'deputy.read', { regionCodes: [row.region_code, ...row.assignment_regions], deputyId }, { type: 'deputy', id: deputyId });
      return card(row);
    },

    /** The cards of every active deputy of a town, for printing as a sheet. */
    async townSheet(ctx: RequestContext, townCode: string) {
      if (!ctx.actor) throw unauthorized();
      const town = await repo.regionName(db, townCode);
      if (!town || town.level !== 'town') throw badRequest('请选择镇（街道）', [{ field: 'townCode', message: '镇（街道）不存在' }]);
      await requireAccess(deps, ctx, 'deputy.read', { regionCode: townCode }, { type: 'service_cards' });
      const rows = await repo.townCards(db, regionPrefix(townCode));
      return { townCode, townName: town.name, cards: await Promise.all(rows.map(card)) };
    },
  };
}
