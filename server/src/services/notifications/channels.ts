import type { Channel, ChannelCreate } from '@wardwatch/shared';
import { Invalid, NotFound } from '../../errors.js';
import type { ChannelRow } from '../../store/detector-store.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

const toChannel = ({ secretConfig: _secret, ...channel }: ChannelRow): Channel => channel;

export function listChannels({ ctx }: ServiceCall<void>): Channel[] {
  requireAdmin(ctx);
  return ctx.store.listChannels().map(toChannel);
}

export function createChannel({ ctx, input }: ServiceCall<ChannelCreate>): Channel {
  requireAdmin(ctx);
  const url =
    input.kind === 'webhook'
      ? input.config.url
      : input.kind === 'telegram'
        ? input.config.baseUrl
        : undefined;
  if (url !== undefined && !/^https?:\/\//.test(url)) throw Invalid('url must be http(s)');
  const row = ctx.store.createChannel({ ...input, createdAt: ctx.clock.now() });
  audit(ctx, 'notification.channel.create', { id: row.id, name: row.name, kind: row.kind });
  return toChannel(row);
}

export function deleteChannel({ ctx, input }: ServiceCall<{ id: number }>): void {
  requireAdmin(ctx);
  if (!ctx.store.deleteChannel(input.id)) throw NotFound(`no channel ${input.id}`);
  audit(ctx, 'notification.channel.delete', input);
}
