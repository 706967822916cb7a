import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PRIVACY_NOTICE_VERSION } from '@gridvoice/core';
import { listConsoleSms } from '../src/modules/notifications/notifications.repository.js';
import type { AppDeps } from '../src/types.js';

/**
 * A station, a grid and deputies with phones, mandates, assignments and a rota — the data the
 * citizens' pages show. Plain rows in the organisation (0002) and duty (0008) tables.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const publicId = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
let seq = 0;

export async function makePublicPlace(
  t: { deps: AppDeps },
  villageCode: string,
  opts: { rotaWeekday?: number; validFrom?: string } = {},
) {
  seq += 1;
  const { db, cipher } = t.deps;
  const county = villageCode.slice(0, 6);
  const stationId = randomUUID();
  const stationCode = `${county}V${String(100 + (seq % 900)).padStart(3, '0')}`;
  await db.query(
    `INSERT INTO stations (station_id, county_code, region_code, kind, code, name, address, opening_hours, contact_phone)
     VALUES ($1, $2, $3, 'village', $4, $5, '幸福村文化楼一楼', '周一至周五 9:00-17:00', '0750-1234567')`,
    [stationId, county, villageCode, stationCode, `幸福村代表联络站${seq}`],
  );
  const gridId = randomUUID();
  const gridCode = `${villageCode}${String(seq % 1000).padStart(3, '0')}`;
  await db.query(
    `INSERT INTO grids (grid_id, county_code, village_code, kind, sequence, code, name) VALUES ($1, $2, $3, 'grid', $4, $5, $6)`,
    [gridId, county, villageCode, (seq % 999) + 1, gridCode, `幸福村第${seq}网格`],
  );
  await db.query('INSERT INTO station_grids (station_id, grid_id, county_code) VALUES ($1, $2, $3)', [stationId, gridId, county]);
  await db.query(
    `INSERT INTO grid_workers (grid_id, county_code, name, phone_encrypted, phone_index) VALUES ($1, $2, '陈网格', $3, $4)`,
    [gridId, county, cipher.encrypt('13900001111'), cipher.blindIndex('phone', '13900001111')],
  );
  const deputies: { deputyId: string; publicId: string; name: string; phone: string }[] = [];
  for (const [name, phone, levels] of [
    ['李秀英', '13711112222', ['county', 'township']],
    ['王建国', '13622223333', ['township']],
  ] as const) {
    const deputyId = randomUUID();
    const pid = publicId();
    await db.query(
      `INSERT INTO deputies (deputy_id, county_code, region_code, public_id, name, name_pinyin, name_initials, occupation,
         phone_encrypted, phone_index)
       VALUES ($1, $2, $3, $4, $5, $6, 'x', '村医', $7, $8)`,
      [deputyId, county, villageCode, pid, name, `p${seq}${name.length}${pid}`, cipher.encrypt(phone), cipher.blindIndex('phone', phone)],
    );
    for (const level of levels) {
      await db.query(
        `INSERT INTO deputy_mandates (deputy_id, county_code, level, term) VALUES ($1, $2, $3, 17)`,
        [deputyId, county, level],
      );
    }
    await db.query(
      `INSERT INTO deputy_assignments (deputy_id, county_code, station_id, basis, region_code) VALUES ($1, $2, $3, 'residence', $4)`,
      [deputyId, county, stationId, villageCode],
    );
    await db.query(
      `INSERT INTO deputy_assignments (deputy_id, county_code, grid_id, basis, region_code) VALUES ($1, $2, $3, 'residence', $4)`,
      [deputyId, county, gridId, villageCode],
    );
    deputies.push({ deputyId, publicId: pid, name, phone });
  }
  if (opts.rotaWeekday !== undefined) {
    await db.query(
      `INSERT INTO rota_templates (county_code, region_code, name, purpose, place_kind, station_id, recurrence, start_time,
         end_time, deputy_ids, valid_from)
       VALUES ($1, $2, '每周驻站', 'station_duty', 'station', $3, $4, '09:00', '11:30', $5, $6)`,
      [
        county,
        villageCode,
        stationId,
        JSON.stringify({ kind: 'weekly', weekdays: [opts.rotaWeekday] }),
        JSON.stringify([deputies[0]?.deputyId]),
        opts.validFrom ?? '2025-01-01',
      ],
    );
  }
  return { stationId, stationCode, gridId, gridCode, deputies };
}

let citizenSeq = 0;

/**
 * A citizen's submission through the public API, as on their phone: an SMS code (read from the
 * development SMS channel), then the form. Returns the case number and the private tracking token.
 */
export async function submitPublicConcern(
  t: { app: FastifyInstance; deps: AppDeps },
  place: { stationCode: string },
  opts: { content?: string; name?: string; phone?: string; ip?: string } = {},
) {
  citizenSeq += 1;
  const phone = opts.phone ?? `1570000${String(1000 + (citizenSeq % 9000)).slice(-4)}`;
  const ip = opts.ip ?? `10.250.${Math.floor(citizenSeq / 250) % 256}.${(citizenSeq % 250) + 1}`;
  const sent = await t.app.inject({ method: 'POST', url: '/api/public/verification-codes', remoteAddress: ip, payload: { phone } });
  if (sent.statusCode !== 200) throw new Error(`verification code: ${sent.statusCode} ${sent.body}`);
  const [sms] = await listConsoleSms(t.deps.db, t.deps.cipher.blindIndex('phone', phone), 1);
  const code = /(\d{6})/.exec(sms?.body ?? '')?.[1];
  if (!code) throw new Error('no SMS code');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/public/concerns',
    remoteAddress: ip,
    payload: {
      stationCode: place.stationCode,
      categoryCode: 'infrastructure',
      content: opts.content ?? '村口到小学的路灯坏了三个月，晚上孩子放学很不安全',
      name: opts.name ?? '张阿婆',
      phone,
      code,
      anonymous: false,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    },
  });
  if (res.statusCode !== 200) throw new Error(`submission: ${res.statusCode} ${res.body}`);
  const { caseNumber, trackingUrl } = res.json<{ caseNumber: string; trackingUrl: string }>();
  return { caseNumber, token: trackingUrl.slice(3), phone, ip };
}
