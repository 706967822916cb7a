import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../lib/errors.js';

const PLACE: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(e.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(e.message ?? '')
  );
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求格式不正确',
  401: '请先登录',
  403: '您没有执行此操作的权限',
  404: '未找到请求的资源',
  405: '不支持该请求方法',
  413: '请求内容过大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
};

/** One error shape for every failure: `{error: {code, message, details?}}`, message in Chinese. */
async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send({
        error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const place = PLACE[err.validationContext ?? 'body'] ?? '请求';
      const details: FieldProblem[] = err.validation.map((v) => {
        const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(整体)';
        return { field, message: v.message ?? '格式不正确' };
      });
      const summary = details.map((d) => `${d.field}：${d.message}`).join('；');
      return reply
        .status(400)
        .send({ error: { code: 'validation_failed', message: `${place}有误：${summary}`, details } });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误' } });
    }
    if (isDatabaseDown(err)) {
      request.log.error({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'database_unavailable', message: '数据库暂时不可用，请稍后再试' } });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误' } });
    }
    return reply.status(status).send({
      error: {
        code: status === 429 ? 'too_many_requests' : (err.code ?? 'bad_request').toLowerCase(),
        message: STATUS_MESSAGES[status] ?? '请求有误',
      },
    });
  });
}

export default fp(errorsPlugin, { name: 'errors' });
