import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZConfirmEnrolmentRequest,
  ZDisableTwoFactorRequest,
  ZRecoveryCodesResponse,
  ZStartEnrolmentRequest,
  ZTotpEnrolment,
  ZTwoFactorPolicy,
  ZTwoFactorPolicyUpdate,
  ZTwoFactorStatus,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { createTwoFactorService } from './two-factor.service.js';

const ZOk = z.object({ ok: z.literal(true) });

/** The signed-in user's own two-factor login, and the per-role policy (security administrator). */
export async function twoFactorRoutes(app: FastifyInstance): Promise<void> {
  const service = createTwoFactorService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.get(
    '/api/auth/two-factor',
    { schema: { tags, summary: '本人动态验证码状态', response: { 200: ZTwoFactorStatus } } },
    async (request) => service.status(contextOf(request)),
  );
  r.post(
    '/api/auth/two-factor/enrolment',
    { schema: { tags, summary: '开始绑定动态验证码（返回二维码）', body: ZStartEnrolmentRequest, response: { 200: ZTotpEnrolment } } },
    async (request) => service.startEnrolment(contextOf(request), request.body.password),
  );
  r.post(
    '/api/auth/two-factor/enrolment/confirm',
    { schema: { tags, summary: '输入首个验证码完成绑定（返回恢复码）', body: ZConfirmEnrolmentRequest, response: { 200: ZRecoveryCodesResponse } } },
    async (request) => service.confirmEnrolment(contextOf(request), request.body.code),
  );
  r.post(
    '/api/auth/two-factor/recovery-codes',
    { schema: { tags, summary: '重新生成恢复码', body: ZConfirmEnrolmentRequest, response: { 200: ZRecoveryCodesResponse } } },
    async (request) => service.regenerateRecoveryCodes(contextOf(request), request.body.code),
  );
  r.post(
    '/api/auth/two-factor/disable',
    { schema: { tags, summary: '解除绑定（角色不要求时）', body: ZDisableTwoFactorRequest, response: { 200: ZOk } } },
    async (request) => {
      await service.disable(contextOf(request), request.body.code);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/auth/two-factor/policy',
    { schema: { tags, summary: '各角色是否必须使用动态验证码', response: { 200: ZTwoFactorPolicy } } },
    async (request) => service.readPolicy(contextOf(request)),
  );
  r.put(
    '/api/auth/two-factor/policy',
    { schema: { tags, summary: '设置各角色是否必须使用动态验证码', body: ZTwoFactorPolicyUpdate, response: { 200: ZTwoFactorPolicy } } },
    async (request) => service.updatePolicy(contextOf(request), request.body.required),
  );
}
