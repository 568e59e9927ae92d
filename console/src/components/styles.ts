import { css } from 'lit';

/** What every page shares: cards, controls, tables, focus ring, level colours. */
export const baseStyles = css`
  :host {
    color: var(--ww-text);
  }
  /* Grid and flex children may shrink below their content (charts, long tables). */
  :host > * {
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.375rem;
  }
  h3 {
    margin: 0;
    font-size: 1.125rem;
  }
  a {
    color: var(--ww-accent);
  }
  .card {
    min-width: 0;
    background: var(--ww-surface);
    border: 1px solid var(--ww-border);
    border-radius: 8px;
    padding: 0.75rem 1rem;
  }
  .muted {
    color: var(--ww-muted);
  }
  .info {
    margin: 0;
    color: var(--ww-muted);
  }
  .banner,
  .notice,
  .success {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: 6px;
    border: 1px solid currentColor;
  }
  .banner {
    padding: 0.75rem 1rem;
    border-radius: 8px;
    background: var(--ww-crit-bg);
    color: var(--ww-crit);
    font-weight: 600;
  }
  .notice {
    background: var(--ww-warn-bg);
    color: var(--ww-warn);
  }
  .success {
    background: var(--ww-ok-bg);
    color: var(--ww-ok);
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    min-height: 2.5rem;
    padding: 0.25rem 0.875rem;
    border: 1px solid var(--ww-border-strong);
    border-radius: 6px;
    background: var(--ww-surface);
    color: var(--ww-text);
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.35rem;
  }
  button.primary,
  .button.primary,
  button[aria-pressed='true'] {
    background: var(--ww-accent);
    border-color: var(--ww-accent);
    color: var(--ww-accent-text);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--ww-border-strong);
    border-radius: 6px;
    background: var(--ww-surface);
    color: var(--ww-text);
    min-height: 2.5rem;
    box-sizing: border-box;
  }
  label.field {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
    font-size: 0.9375rem;
  }
  label.field > input,
  label.field > select,
  label.field > textarea {
    font-weight: 400;
    width: 100%;
    min-width: 0;
  }
  :focus-visible {
    outline: 3px solid var(--ww-focus);
    outline-offset: 1px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9375rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--ww-border);
    vertical-align: top;
  }
  th {
    font-size: 0.8125rem;
    color: var(--ww-muted);
    font-weight: 600;
  }
  .table-wrap {
    overflow-x: auto;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .lvl {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    font-weight: 700;
  }
  .lvl svg {
    width: 1.1em;
    height: 1.1em;
    flex: none;
  }
  .lvl-ok {
    color: var(--ww-ok);
  }
  .lvl-info {
    color: var(--ww-info);
  }
  .lvl-warning {
    color: var(--ww-warn);
  }
  .lvl-critical {
    color: var(--ww-crit);
  }
  .lvl-unknown {
    color: var(--ww-unknown);
  }
  .mono {
    font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
    overflow-wrap: anywhere;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: end;
  }
`;

/** A device's presence colours: `.device.present|missing` and its `.state` line. */
export const presenceStyles = css`
  .present .state {
    color: var(--ww-ok);
  }
  .missing {
    background: var(--ww-crit-bg);
  }
  .missing .state {
    color: var(--ww-crit);
  }
`;
