import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { AppError, badRequest } from '../../lib/errors.js';
import { createAttachmentsService } from './attachments.service.js';

export const ZAttachment = z.object({
  attachmentId: z.string(),
  name: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  url: z.string(),
});

export async function attachmentsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0, parts: 1 } });
  const service = createAttachmentsService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['attachments'];

  r.post(
    '/api/attachments',
    {
      schema: {
        tags,
        summary: '上传附件（图片或 PDF，multipart/form-data 字段 file）',
        consumes: ['multipart/form-data'],
        response: { 200: ZAttachment },
      },
      bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
    },
    async (request) => {
      if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传文件', [{ field: 'file', message: '请选择文件' }]);
      const file = await request.file();
      if (!file) throw badRequest('请选择文件', [{ field: 'file', message: '请选择文件' }]);
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch {
        throw new AppError(413, 'too_large', `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
      }
      return service.upload(contextOf(request), { filename: file.filename, bytes });
    },
  );

  r.get(
    '/api/attachments/:attachmentId',
    {
      schema: { tags, summary: '下载附件', params: z.strictObject({ attachmentId: z.uuid('附件编号格式不正确') }) },
    },
    async (request, reply) => {
      const { attachment, bytes } = await service.download(contextOf(request), request.params.attachmentId);
      return reply
        .type(attachment.mime_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.original_name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
}
