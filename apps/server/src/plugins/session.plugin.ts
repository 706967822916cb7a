import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppError, unauthorized } from '../lib/errors.js';
import { createAuthService, CSRF_HEADER, SESSION_COOKIE } from '../modules/auth/auth.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Session → actor for every request, then the gate: routes are session-only unless their
 * config says `auth: 'public'`; state-changing requests made with a session cookie must carry
 * the session's CSRF token in `x-csrf-token`.
 */
async function sessionPlugin(app: FastifyInstance): Promise<void> {
  const auth = createAuthService(app.deps);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const s = await auth.resolveSession(token);
      if (s) {
        request.actor = s.actor;
        request.session = { sessionHash: s.sessionHash, csrfToken: s.csrfToken };
      }
    }
    // API documentation is public; everything else under /api needs a session unless marked public.
    const isPublic = request.routeOptions.config.auth === 'public' || request.url.startsWith('/api/docs');
    if (!isPublic && request.url.startsWith('/api/') && !request.actor) {
      // Unknown /api paths fall through to the 404 handler instead.
      if (request.routeOptions.url) throw unauthorized();
    }
    if (request.session && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (sent !== request.session.csrfToken) {
        throw new AppError(403, 'csrf', '请求校验失败（CSRF），请刷新页面后重试');
      }
    }
  });
}

export default fp(sessionPlugin, { name: 'session', dependencies: ['@fastify/cookie'] });
