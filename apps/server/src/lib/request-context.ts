import type { FastifyRequest } from 'fastify';
import type { Actor } from '@gridvoice/core';
import type { RequestContext } from '../types.js';
import { unauthorized } from './errors.js';

export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: request.actor, requestId: String(request.id), ip: request.ip };
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthorized();
  return ctx.actor;
}
