import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CalendarSchema } from '@wardwatch/shared';
import { getCalendar } from '../../services/calendar/get-calendar.js';
import { setCalendar } from '../../services/calendar/set-calendar.js';
import type { RouteDeps } from '../deps.js';

const calendarRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/calendar',
    { schema: { response: { 200: CalendarSchema } } },
    async (req) => await getCalendar({ ctx: deps.ctxFor(req), input: undefined }),
  );
  app.put(
    '/api/v1/calendar',
    { schema: { body: CalendarSchema, response: { 200: CalendarSchema } } },
    async (req) => await setCalendar({ ctx: deps.ctxFor(req), input: req.body }),
  );
};
export default calendarRoutes;
