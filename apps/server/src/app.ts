import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from '@gridvoice/core';
import type { AppDeps } from './types.js';
import { badRequest } from './lib/errors.js';
import errorsPlugin from './plugins/errors.plugin.js';
import sessionPlugin from './plugins/session.plugin.js';
import { MODULES } from './modules/index.js';

z.config(z.locales.zhCN());

const DEFAULT_WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * The headers @fastify/helmet adds with these options: those of a probe answer with helmet,
 * less those of the same answer without it.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = async (withHelmet: boolean) => {
    const p = Fastify({ logger: false });
    if (withHelmet) await p.register(helmet, options);
    p.get('/', () => 'ok');
    const res = await p.inject({ method: 'GET', url: '/' });
    await p.close();
    return res.headers;
  };
  const [plain, helmeted] = [await probe(false), await probe(true)];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(helmeted)) {
    if (k in plain || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per IP across the API (login has its own, stricter limit). */
  rateLimitPerMinute?: number;
}

/**
 * Builds the application: external plugins → app plugins → modules → web. It does not listen;
 * server.ts does, and tests call `inject` on what this returns.
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
  });
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  // The error shape first, so every plugin's routes (Swagger UI included) answer with it
  await app.register(errorsPlugin);

  // One rule for every string of every request: no control characters (issue 9, item 5).
  app.addHook('preValidation', async (request) => {
    const places = [
      ['params', request.params, '路径参数'],
      ['querystring', request.query, '查询参数'],
      ['body', request.body, '请求体'],
    ] as const;
    for (const [, value, label] of places) {
      const field = findControlCharacter(value);
      if (field !== null) throw badRequest(`${label}「${field}」${CONTROL_CHARACTER_MESSAGE}`, [{ field, message: CONTROL_CHARACTER_MESSAGE }]);
    }
  });

  // External plugins
  // Helmet's headers are the same for every response: computed once, then set per request
  // (@fastify/helmet would rebuild its middleware at each request — measured 6 % of the CPU of a
  // registration, docs/decisions/0005-group-commit.md).
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.trustProxy ? undefined : false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'GridVoice 民声通 API', version: deps.version, description: '人大代表进站入网格工作平台接口' },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gv_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  // App plugins
  await app.register(sessionPlugin);

  // Modules
  for (const mod of MODULES) await app.register(mod.routes);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, () => app.swagger());

  // Web app (built by Vite) with client-side routing fallback
  const webDist = deps.config.webDistDir ?? DEFAULT_WEB_DIST;
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, preCompressed: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/open311/');
    if (!isApi && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
      // The citizens' pages (QR links /s/ /g/ /d/, tracking /t/, project pages /p/) have their own light entry.
      const isPublicPage = /^\/[sgdtp]\//.test(request.url);
      return reply.type('text/html').sendFile(isPublicPage ? 'public.html' : 'index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: '未找到请求的资源' } });
  });

  return app;
}
