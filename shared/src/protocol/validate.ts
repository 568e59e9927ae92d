import { Compile } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';
import { AgentMessageSchema, type AgentMessage } from './agent-messages.js';
import { decodeFrame, type Decoded, type Validator } from './frame.js';
import { ServerMessageSchema, type ServerMessage } from './server-messages.js';

/**
 * Compile a schema once, on first use, and reuse it for every value. Lazy because importing
 * `@wardwatch/shared` must stay cheap: the agent on a ward's only PC needs one or two of the
 * many validators defined here, and each compiled one costs memory.
 */
export function compileValidator<S extends TSchema>(schema: S): Validator<Static<S>> {
  let compiled: {
    Check(v: unknown): boolean;
    Errors(v: unknown): Iterable<{ keyword: string; instancePath: string; message: string }>;
  } | null = null;
  const get = () => (compiled ??= Compile(schema));
  return {
    check: (value: unknown): value is Static<S> => get().Check(value),
    explain(value, max = 5) {
      const reasons: string[] = [];
      for (const e of get().Errors(value)) {
        // The union/boolean noise ("schema is false") repeats what the named keyword says.
        if (e.keyword === 'boolean') continue;
        reasons.push(`${e.instancePath || '/'}: ${e.message}`);
        if (reasons.length >= max) break;
      }
      return reasons.join('; ') || 'does not match the schema';
    },
  };
}

export const agentMessageValidator = compileValidator(AgentMessageSchema);
export const serverMessageValidator = compileValidator(ServerMessageSchema);

export const decodeAgentMessage = (text: string): Decoded<AgentMessage> =>
  decodeFrame(text, agentMessageValidator);
export const decodeServerMessage = (text: string): Decoded<ServerMessage> =>
  decodeFrame(text, serverMessageValidator);
