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

/** Fired by chart elements when the user drags across a chart to zoom. */
export type RangeSelectedEvent = CustomEvent<{ fromMs: number; toMs: number }>;
/** Fired by the settings page after it created or changed a ward. */
export type WardsChangedEvent = CustomEvent<null>;

declare global {
  interface HTMLElementEventMap {
    'ww-range-selected': RangeSelectedEvent;
    'ww-wards-changed': WardsChangedEvent;
  }
}
