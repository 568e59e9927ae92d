import { MAX_FRAME_BYTES } from './limits.js';

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** A checker plus its explanation; no TypeBox here, so importing this module stays cheap. */
export interface Validator<T> {
  check(value: unknown): value is T;
  /** Human-readable reasons, each `path: message`, at most `max` of them. */
  explain(value: unknown, max?: number): string;
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
