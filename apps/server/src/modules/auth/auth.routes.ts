import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZChangePasswordRequest,
  ZLoginOutcome,
  ZLoginRequest,
  ZSecondFactorRequest,
  ZSecondFactorResponse,
  ZSessionResponse,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { unauthorized } from '../../lib/errors.js';
import { createAuthService, SESSION_COOKIE } from './auth.service.js';
import { twoFactorRoutes } from './two-factor.routes.js';

const ZOk = z.object({ ok: z.literal(true) });

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const service = createAuthService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: '登录（需要动态验证码时返回第二步）',
        body: ZLoginRequest,
        response: { 200: ZLoginOutcome },
      },
      config: {
        auth: 'public',
        rateLimit: { max: app.deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const result = await service.login(request.body, contextOf(request), request.headers['user-agent'] ?? null);
      if (result.kind === 'second') {
        return { secondStep: result.secondStep, challengeToken: result.challengeToken, enrolment: result.enrolment };
      }
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/auth/login/second-factor',
    {
      schema: {
        tags,
        summary: '登录第二步：动态验证码或恢复码',
        body: ZSecondFactorRequest,
        response: { 200: ZSecondFactorResponse },
      },
      config: {
        auth: 'public',
        rateLimit: { max: app.deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const result = await service.completeSecondFactor(request.body, contextOf(request), request.headers['user-agent'] ?? null);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
      });
      return { user: result.user, csrfToken: result.csrfToken, recoveryCodes: result.recoveryCodes };
    },
  );

  await twoFactorRoutes(app);

  r.post(
    '/api/auth/logout',
    { schema: { tags, summary: '退出登录', response: { 200: ZOk } } },
    async (request, reply) => {
      if (request.session) await service.logout(request.session.sessionHash, contextOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/session',
    { schema: { tags, summary: '当前登录用户', response: { 200: ZSessionResponse } } },
    async (request) => {
      if (!request.session) throw unauthorized();
      const ctx = contextOf(request);
      return {
        user: await service.currentUser(ctx),
        csrfToken: request.session.csrfToken,
        previousLogin: await service.previousLogin(ctx, request.session.sessionHash),
      };
    },
  );

  r.post(
    '/api/auth/password',
    { schema: { tags, summary: '修改本人密码', body: ZChangePasswordRequest, response: { 200: ZOk } } },
    async (request) => {
      if (!request.session) throw unauthorized();
      await service.changePassword(request.body, contextOf(request), request.session.sessionHash);
      return { ok: true as const };
    },
  );
}
