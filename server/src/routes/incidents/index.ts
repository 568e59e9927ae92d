import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AckBodySchema,
  IdParamsSchema,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  IncidentsQuerySchema,
  NoteBodySchema,
} from '@wardwatch/shared';
import {
  acknowledgeIncident,
  annotateIncident,
} from '../../services/incidents/acknowledge-incident.js';
import { getIncident } from '../../services/incidents/get-incident.js';
import { listIncidents } from '../../services/incidents/list-incidents.js';
import type { RouteDeps } from '../deps.js';

const incidentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/incidents',
    { schema: { querystring: IncidentsQuerySchema, response: { 200: IncidentListSchema } } },
    async (req) => await listIncidents({ ctx: deps.ctxFor(req), input: req.query }),
  );

  app.get(
    '/api/v1/incidents/:id',
    { schema: { params: IdParamsSchema, response: { 200: IncidentDetailSchema } } },
    async (req) => await getIncident({ ctx: deps.ctxFor(req), input: { id: req.params.id } }),
  );

  app.post(
    '/api/v1/incidents/:id/ack',
    {
      schema: {
        params: IdParamsSchema,
        body: Type.Optional(AckBodySchema),
        response: { 200: IncidentSchema },
      },
    },
    async (req) =>
      await acknowledgeIncident({
        ctx: deps.ctxFor(req),
        input: { id: req.params.id, ...(req.body?.note !== undefined && { note: req.body.note }) },
      }),
  );

  app.post(
    '/api/v1/incidents/:id/notes',
    { schema: { params: IdParamsSchema, body: NoteBodySchema } },
    async (req, reply) => {
      await annotateIncident({
        ctx: deps.ctxFor(req),
        input: { id: req.params.id, text: req.body.text },
      });
      return reply.code(204).send();
    },
  );
};
export default incidentRoutes;
