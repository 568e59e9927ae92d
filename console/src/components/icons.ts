import { svg, type SVGTemplateResult } from 'lit';
import type { WardLevel } from '../overview/overview-data.js';
import type { DeviceState, EquipmentCategory } from '../equipment/equipment-data.js';

// Small inline icons (24×24, currentColor), so state never rests on colour alone.
const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

const CHECK = icon(svg`<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>`);
const INFO = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v5M12 8h.01"/>`);
const WARN = icon(svg`<path d="M12 3 2 20h20L12 3z"/><path d="M12 10v4M12 17h.01"/>`);
const CROSS = icon(svg`<circle cx="12" cy="12" r="9"/><path d="m9 9 6 6M15 9l-6 6"/>`);
const QUESTION = icon(
  svg`<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6M12 17h.01"/>`,
);
const DASH = icon(svg`<circle cx="12" cy="12" r="9" stroke-dasharray="3 3"/><path d="M8 12h8"/>`);

export const LEVEL_ICON: Readonly<Record<WardLevel, SVGTemplateResult>> = {
  ok: CHECK,
  info: INFO,
  warning: WARN,
  critical: CROSS,
  unknown: QUESTION,
};

export const DEVICE_STATE_ICON: Readonly<Record<DeviceState, SVGTemplateResult>> = {
  present: CHECK,
  missing: CROSS,
  gap: DASH,
};

export const CATEGORY_ICON: Readonly<Record<EquipmentCategory, SVGTemplateResult>> = {
  workstation: icon(
    svg`<rect x="3" y="4" width="18" height="12" rx="1"/><path d="M8 20h8M12 16v4"/>`,
  ),
  fingerprint: icon(
    svg`<path d="M12 11v3a6 6 0 0 1-1 3.5"/><path d="M8.5 9.5A4 4 0 0 1 16 11v2a10 10 0 0 1-.7 3.8"/><path d="M5.5 8a7.5 7.5 0 0 1 13.5 4.5V14"/><path d="M8 13v.5a8 8 0 0 1-1.3 4.3"/>`,
  ),
  scanner: icon(
    svg`<rect x="3" y="12" width="18" height="7" rx="1"/><path d="M6 12 18 5M7 16h4"/>`,
  ),
  card_reader: icon(
    svg`<rect x="3" y="6" width="18" height="12" rx="2"/><path d="M3 10h18M7 15h3"/>`,
  ),
};

export const LINK_ICON = icon(
  svg`<path d="M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 19.5h.01"/>`,
);
export const BACK_ICON = icon(svg`<path d="M15 6l-6 6 6 6"/>`);
export const COPY_ICON = icon(
  svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h10"/>`,
);
