import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DetectorSettingsReplySchema,
  DetectorSettingsSchema,
  IdParamsSchema,
  MaintenanceCreateSchema,
  MaintenanceListSchema,
  MaintenanceWindowSchema,
} from '@wardwatch/shared';
import { getDetectorSettings } from '../../services/detector/get-detector-settings.js';
import { setDetectorSettings } from '../../services/detector/set-detector-settings.js';
import { createMaintenance } from '../../services/maintenance/create-maintenance.js';
import { deleteMaintenance } from '../../services/maintenance/delete-maintenance.js';
import { listMaintenance } from '../../services/maintenance/list-maintenance.js';
import type { RouteDeps } from '../deps.js';

/** Maintenance windows and the detector's thresholds: what decides whether a fault is an incident. */
const maintenanceRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/maintenance-windows',
    { schema: { response: { 200: MaintenanceListSchema } } },
    async (req) => ({ items: await listMaintenance({ ctx: deps.ctxFor(req), input: undefined }) }),
  );
  app.post(
    '/api/v1/maintenance-windows',
    { schema: { body: MaintenanceCreateSchema, response: { 201: MaintenanceWindowSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createMaintenance({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
  app.delete(
    '/api/v1/maintenance-windows/:id',
    { schema: { params: IdParamsSchema } },
    async (req, reply) => {
      await deleteMaintenance({ ctx: deps.ctxFor(req), input: { id: req.params.id } });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/detector/settings',
    { schema: { response: { 200: DetectorSettingsReplySchema } } },
    async (req) => await getDetectorSettings({ ctx: deps.ctxFor(req), input: undefined }),
  );
  app.put(
    '/api/v1/detector/settings',
    { schema: { body: DetectorSettingsSchema, response: { 200: DetectorSettingsReplySchema } } },
    async (req) => await setDetectorSettings({ ctx: deps.ctxFor(req), input: req.body }),
  );
};
export default maintenanceRoutes;
