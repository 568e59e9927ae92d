/**
 * Open after `openAfter` consecutive bad rounds, close after `closeAfter` consecutive good
 * ones. The run that decides carries its first round's time: an incident starts at the first
 * bad round of the run that opened it and ends at the first good round of the run that
 * closed it, so hysteresis decides whether, never when.
 */
export interface HysteresisState {
  isOpen: boolean;
  /** The current run against the open/closed state: its first round's time and length. */
  runStartedAt: number | null;
  runLength: number;
}

export interface HysteresisPolicy {
  openAfter: number;
  closeAfter: number;
}

export type HysteresisEvent =
  { type: 'open'; startedAt: number } | { type: 'close'; endedAt: number };

export const INITIAL_HYSTERESIS: HysteresisState = {
  isOpen: false,
  runStartedAt: null,
  runLength: 0,
};

export function stepHysteresis(
  s: HysteresisState,
  t: number,
  isBad: boolean,
  p: HysteresisPolicy,
): { state: HysteresisState; event: HysteresisEvent | null } {
  // While closed a bad round extends the run; while open a good one does.
  const extendsRun = s.isOpen ? !isBad : isBad;
  if (!extendsRun) {
    return s.runLength === 0
      ? { state: s, event: null }
      : { state: { isOpen: s.isOpen, runStartedAt: null, runLength: 0 }, event: null };
  }
  const runStartedAt = s.runStartedAt ?? t;
  const runLength = s.runLength + 1;
  const needed = s.isOpen ? p.closeAfter : p.openAfter;
  if (runLength < needed)
    return { state: { isOpen: s.isOpen, runStartedAt, runLength }, event: null };
  const state: HysteresisState = { isOpen: !s.isOpen, runStartedAt: null, runLength: 0 };
  return {
    state,
    event: s.isOpen
      ? { type: 'close', endedAt: runStartedAt }
      : { type: 'open', startedAt: runStartedAt },
  };
}
