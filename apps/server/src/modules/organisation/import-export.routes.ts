import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../lib/errors.js';
import { contextOf } from '../../lib/request-context.js';
import { createImportExportService, IMPORT_KIND_LABELS, IMPORT_KINDS } from './import-export.service.js';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ZKindParams = z.strictObject({ kind: z.enum(IMPORT_KINDS, '导入类型应为 deputies、stations 或 grids') });
const ZImportResult = z.object({
  ok: z.boolean(),
  kind: z.enum(IMPORT_KINDS),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  problems: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});

const fileName = (kind: (typeof IMPORT_KINDS)[number], what: string) =>
  `attachment; filename="${kind}-${what}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${IMPORT_KIND_LABELS[kind]}${what === 'template' ? '导入模板' : '名单'}.xlsx`)}`;

/**
 * Spreadsheet import and export (issue 3 item 7). The file is the request body itself
 * (application/octet-stream or the xlsx type), so the page can show upload progress.
 */
export async function importExportRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => {
      done(null, body);
    });
    const svc = createImportExportService(scope.deps);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['organisation'];
    const base = '/api/organisation';

    r.get(`${base}/import/:kind/template`, { schema: { tags, summary: '下载导入模板（代表、联络站、网格）', params: ZKindParams } },
      async (req, reply) => {
        const buf = await svc.template(contextOf(req), req.params.kind);
        return reply.type(XLSX).header('content-disposition', fileName(req.params.kind, 'template')).send(buf);
      });
    r.post(`${base}/import/:kind`, {
      schema: { tags, summary: '导入表格：逐行检查，有错则全部不导入并列出每个问题', params: ZKindParams, response: { 200: ZImportResult } },
    }, async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw badRequest('请上传 .xlsx 文件（请求体为文件内容）');
      }
      return svc.import(contextOf(req), req.params.kind, req.body);
    });
    r.get(`${base}/export/:kind`, { schema: { tags, summary: '导出当前名单（电话已脱敏）', params: ZKindParams } },
      async (req, reply) => {
        const buf = await svc.export(contextOf(req), req.params.kind);
        return reply.type(XLSX).header('content-disposition', fileName(req.params.kind, 'export')).send(buf);
      });
  });
}
