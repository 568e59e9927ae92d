import type { Channel, ChannelCreate } from '@wardwatch/shared';
import { Invalid, NotFound } from '../../errors.js';
import type { ChannelRow } from '../../store/detector-store.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

const toChannel = ({ secretConfig: _secret, ...channel }: ChannelRow): Channel => channel;

export async function listChannels({ ctx }: ServiceCall<void>): Promise<Channel[]> {
  requireAdmin(ctx);
  return (await ctx.store.listChannels()).map(toChannel);
}

export async function createChannel({ ctx, input }: ServiceCall<ChannelCreate>): Promise<Channel> {
  requireAdmin(ctx);
  const url =
    input.kind === 'webhook'
      ? input.config.url
      : input.kind === 'telegram'
        ? input.config.baseUrl
        : undefined;
  if (url !== undefined && !/^https?:\/\//.test(url)) throw Invalid('url must be http(s)');
  const row = await ctx.store.createChannel({ ...input, createdAt: ctx.clock.now() });
  await audit(ctx, 'notification.channel.create', { id: row.id, name: row.name, kind: row.kind });
  return toChannel(row);
}

export async function deleteChannel({ ctx, input }: ServiceCall<{ id: number }>): Promise<void> {
  requireAdmin(ctx);
  if (!(await ctx.store.deleteChannel(input.id))) throw NotFound(`no channel ${input.id}`);
  await audit(ctx, 'notification.channel.delete', input);
}
