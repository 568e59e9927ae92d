import { Compile } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';
import { AgentMessageSchema, type AgentMessage } from './agent-messages.js';
import { MAX_FRAME_BYTES } from './limits.js';
import { ServerMessageSchema, type ServerMessage } from './server-messages.js';

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export interface Validator<T> {
  check(value: unknown): value is T;
  /** Human-readable reasons, each `path: message`, at most `max` of them. */
  explain(value: unknown, max?: number): string;
}

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

/** Parse and validate one JSON text frame against a message schema. */
export function decodeFrame<T>(text: string, validator: Validator<T>): Decoded<T> {
  // Characters are a lower bound on UTF-8 bytes; the socket layer enforces the exact byte cap.
  if (text.length > MAX_FRAME_BYTES) {
    return {
      ok: false,
      code: 'frame_too_large',
      message: `frame exceeds ${MAX_FRAME_BYTES} bytes`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'bad_json', message: `not JSON: ${(err as Error).message}` };
  }
  if (!validator.check(parsed)) {
    return { ok: false, code: 'invalid_message', message: validator.explain(parsed) };
  }
  return { ok: true, value: parsed };
}

export const agentMessageValidator = compileValidator(AgentMessageSchema);
export const serverMessageValidator = compileValidator(ServerMessageSchema);

export const decodeAgentMessage = (text: string): Decoded<AgentMessage> =>
  decodeFrame(text, agentMessageValidator);
export const decodeServerMessage = (text: string): Decoded<ServerMessage> =>
  decodeFrame(text, serverMessageValidator);
