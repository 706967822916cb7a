import type { FastifyRequest } from 'fastify';

/**
 * Request logs carry no secrets: tracking tokens in paths (/t/<token>, /api/public/track/<token>,
 * /open311/v2/requests/<token>.json) are cut, and query strings are dropped.
 */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path
    .replace(/^\/t\/[^/]+/, '/t/[token]')
    .replace(/^\/api\/public\/track\/[^/]+/, '/api/public/track/[token]')
    .replace(/^\/open311\/v2\/requests\/[^/]+\.json/, '/open311/v2/requests/[token].json');
}

export const requestLogSerializers = {
  req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
};
