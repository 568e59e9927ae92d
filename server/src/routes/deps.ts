import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { ServiceContext } from '../services/context.js';

/** What every route plugin gets: config and a way to build the service context of a request. */
export interface RouteDeps {
  config: Config;
  ctxFor(req: FastifyRequest): ServiceContext;
}
