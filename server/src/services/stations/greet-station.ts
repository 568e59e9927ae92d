import type { Hello, Welcome } from '@wardwatch/shared';
import { AgentConfigs } from '../targets/agent-config.js';
import type { ServiceCall } from '../context.js';

/** Record a hello and build the welcome: acked seq, config for the station's ward. */
export async function greetStation({
  ctx,
  input,
}: ServiceCall<{ stationId: string; wardId: string; hello: Hello }>): Promise<Welcome> {
  const now = ctx.clock.now();
  const { hello } = input;
  const ackedSeq = await ctx.store.recordHello({
    stationId: input.stationId,
    hostname: hello.hostname,
    agentVersion: hello.agentVersion,
    os: `${hello.os.platform} ${hello.os.release} ${hello.os.arch}`,
    at: now,
  });
  return {
    v: 1,
    type: 'welcome',
    serverTime: now,
    ackedSeq,
    config: await new AgentConfigs(ctx).forAgent(input.wardId, hello.agentVersion),
  };
}
