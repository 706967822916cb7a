import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAuditList,
  ZAuditListQuery,
  ZRegion,
  ZResetPasswordRequest,
  ZUser,
  ZUserCreateRequest,
  ZUserList,
  ZUserListQuery,
  ZUserUpdateRequest,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { createAuditService } from './audit.service.js';
import { createUsersService } from './users.service.js';

const ZUserParams = z.strictObject({ userId: z.uuid('用户编号格式不正确') });

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const users = createUsersService(app.deps);
  const audit = createAuditService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  r.get('/api/admin/users', { schema: { tags, summary: '用户列表', querystring: ZUserListQuery, response: { 200: ZUserList } } },
    (req) => users.list(contextOf(req), req.query));
  r.post('/api/admin/users', { schema: { tags, summary: '新建用户', body: ZUserCreateRequest, response: { 200: ZUser } } },
    (req) => users.create(contextOf(req), req.body));
  r.get('/api/admin/users/:userId', { schema: { tags, summary: '用户详情', params: ZUserParams, response: { 200: ZUser } } },
    (req) => users.get(contextOf(req), req.params.userId));
  r.patch('/api/admin/users/:userId', {
    schema: { tags, summary: '修改用户', params: ZUserParams, body: ZUserUpdateRequest, response: { 200: ZUser } },
  }, (req) => users.update(contextOf(req), req.params.userId, req.body));
  r.post('/api/admin/users/:userId/disable', { schema: { tags, summary: '停用用户', params: ZUserParams, response: { 200: ZUser } } },
    (req) => users.setDisabled(contextOf(req), req.params.userId, true));
  r.post('/api/admin/users/:userId/enable', { schema: { tags, summary: '启用用户', params: ZUserParams, response: { 200: ZUser } } },
    (req) => users.setDisabled(contextOf(req), req.params.userId, false));
  r.post('/api/admin/users/:userId/reset-password', {
    schema: { tags, summary: '重置密码', params: ZUserParams, body: ZResetPasswordRequest, response: { 200: ZUser } },
  }, (req) => users.resetPassword(contextOf(req), req.params.userId, req.body.newPassword));
  r.get('/api/admin/regions', { schema: { tags, summary: '管辖范围内的行政区划', response: { 200: z.array(ZRegion) } } },
    (req) => users.regions(contextOf(req)));
  r.get('/api/admin/audit', { schema: { tags, summary: '审计日志', querystring: ZAuditListQuery, response: { 200: ZAuditList } } },
    (req) => audit.list(contextOf(req), req.query));
}
