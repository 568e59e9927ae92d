import type { Session } from '../api/client.js';

/** Fired by ww-login-page after a successful login. */
export type LoginSucceededEvent = CustomEvent<Session>;
/** Fired (bubbling, composed) when the server no longer knows this browser's session. */
export type SessionExpiredEvent = CustomEvent<null>;

declare global {
  interface HTMLElementEventMap {
    'ww-login-succeeded': LoginSucceededEvent;
    'ww-session-expired': SessionExpiredEvent;
  }
}
