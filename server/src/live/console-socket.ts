import type { FastifyPluginAsync } from 'fastify';
import { requireSessionHook } from '../plugins/auth.js';
import type { ServiceContext } from '../services/context.js';
import { listOpenIncidents } from '../services/incidents/list-incidents.js';
import { listStations } from '../services/stations/list-stations.js';
import type { ConsoleHub } from './console-hub.js';

export interface ConsoleSocketDeps {
  baseContext(): ServiceContext;
  consoles: ConsoleHub;
}

/** `/ws/console`: a logged-in console gets a snapshot, then coalesced station changes. */
export const consoleSocketRoutes: FastifyPluginAsync<ConsoleSocketDeps> = async (app, deps) => {
  app.get('/ws/console', { websocket: true, preValidation: requireSessionHook }, (socket, req) => {
    const actor = req.actor;
    if (!actor) {
      socket.close(1008, 'unauthorized');
      return;
    }
    const ctx = { ...deps.baseContext(), actor };
    // Consoles only listen; anything they send is ignored.
    socket.on('error', (err) => req.log.warn({ err }, 'console socket error'));
    const snapshot = async () => {
      const stations = await listStations({ ctx, input: undefined });
      const incidents = await listOpenIncidents({ ctx, input: undefined });
      // Closed while the snapshot was read: it must not join the hub after its close.
      if (socket.readyState !== socket.OPEN) return;
      deps.consoles.add(socket, actor, stations, incidents, req.sessionToken);
    };
    snapshot().catch((err: unknown) => {
      req.log.error({ err }, 'console snapshot failed');
      socket.close(1011, 'internal error');
    });
  });
};
