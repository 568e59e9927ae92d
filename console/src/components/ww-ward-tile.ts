import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { TILE_PERIPHERALS } from '../equipment/equipment-data.js';
import { formatNumber, formatRelative } from '../format/format.js';
import type { WardTile } from '../overview/overview-data.js';
import { routePath } from '../router/routes.js';
import { CATEGORY_ICON, DEVICE_STATE_ICON, LEVEL_ICON } from './icons.js';
import { baseStyles } from './styles.js';
import './ww-latency-sparkline.js';

/**
 * One observer for every tile: a tile loads its sparklines (one series request each) only
 * once it comes near the viewport — 1,000 wards must not mean 1,000 requests at load.
 */
let observer: IntersectionObserver | null = null;
function sharedObserver(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer?.unobserve(e.target);
        (e.target as WwWardTile).revealed();
      }
    },
    { rootMargin: '200px' },
  );
  return observer;
}

/** One ward on the overview: coloured by its worst open incident, with words and an icon too. */
@customElement('ww-ward-tile')
export class WwWardTile extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      section {
        height: 100%;
        box-sizing: border-box;
        background: var(--ww-surface);
        border: 1px solid var(--ww-border);
        border-left: 8px solid var(--lvl-colour);
        border-radius: 8px;
        padding: 0.6rem 0.8rem;
        display: grid;
        gap: 0.4rem;
        align-content: start;
      }
      .ok {
        --lvl-colour: var(--ww-ok);
      }
      .info {
        --lvl-colour: var(--ww-info);
      }
      .warning {
        --lvl-colour: var(--ww-warn);
      }
      .critical {
        --lvl-colour: var(--ww-crit);
        background: var(--ww-crit-bg);
      }
      .unknown {
        --lvl-colour: var(--ww-unknown);
      }
      section > * {
        min-width: 0;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.25rem 0.75rem;
        flex-wrap: wrap;
      }
      h3 {
        font-size: 1.0625rem;
      }
      h3 a {
        color: inherit;
        text-decoration: none;
      }
      h3 a:hover {
        text-decoration: underline;
      }
      .lvl {
        font-size: 0.875rem;
      }
      .stations {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.25rem;
      }
      .station {
        display: flex;
        flex-wrap: wrap;
        gap: 0.1rem 0.6rem;
        align-items: center;
        font-size: 0.9375rem;
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        font-weight: 700;
        color: var(--ww-ok);
      }
      [data-online='false'] .status {
        color: var(--ww-crit);
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
        background: currentColor;
      }
      [data-online='false'] .dot {
        background: transparent;
        border: 2px solid currentColor;
        box-sizing: border-box;
      }
      .host {
        font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      .foot {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
        font-size: 0.875rem;
      }
      .devices {
        display: flex;
        gap: 0.35rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .device {
        position: relative;
        display: inline-flex;
        align-items: center;
        padding: 0.15rem 0.3rem;
        border-radius: 5px;
        border: 1px solid currentColor;
      }
      .device svg {
        width: 1.25rem;
        height: 1.25rem;
      }
      .device .badge {
        width: 0.85rem;
        height: 0.85rem;
        margin-left: 0.1rem;
      }
      .device.present {
        color: var(--ww-ok);
      }
      .device.missing {
        color: var(--ww-crit);
        background: var(--ww-crit-bg);
      }
      .device.gap {
        color: var(--ww-unknown);
        border-style: dashed;
      }
      .worst {
        margin: 0;
        font-size: 0.875rem;
      }
      .count {
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) tile!: WardTile;
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) nowMs = Date.now();

  /** Near the viewport at least once: sparklines may load. */
  @state() private visible = false;

  private readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const io = sharedObserver();
    if (io) io.observe(this);
    else this.visible = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    sharedObserver()?.unobserve(this);
  }

  revealed(): void {
    this.visible = true;
  }

  override render() {
    const { t, locale } = this.i18n;
    const tile = this.tile;
    const href = routePath({ page: 'ward', wardId: tile.id });
    return html`<section
      class=${tile.level}
      aria-labelledby="w-${tile.id}"
      data-level=${tile.level}
      data-testid="ward-tile"
    >
      <header>
        <h3 id="w-${tile.id}"><a href=${href}>${tile.name}</a></h3>
        <span class="lvl lvl-${tile.level}" data-testid="ward-level"
          >${LEVEL_ICON[tile.level]}${t(`level.${tile.level}`)}</span
        >
      </header>
      ${
        tile.stations.length === 0
          ? html`<p class="info">${t('board.noStations')}</p>`
          : html`<ul class="stations">
              ${tile.stations.map(
                (s) =>
                  html`<li data-station-id=${s.id} data-online=${String(s.online)}>
                    <div class="station">
                      <span class="status" data-testid="station-status"
                        ><span class="dot" aria-hidden="true"></span>${
                          s.online ? t('station.online') : t('station.offline')
                        }</span
                      >
                      <span class="host" data-testid="station-hostname">${s.hostname}</span>
                      ${
                        s.online
                          ? html`<span data-testid="station-rtt"
                              >${
                                s.lastRttMs === null
                                  ? t('station.noLatency')
                                  : t('station.latencyValue', {
                                      ms: formatNumber(s.lastRttMs, locale),
                                    })
                              }</span
                            >`
                          : nothing
                      }
                      ${
                        !s.online && s.lastSeenAt !== null
                          ? html`<span class="muted"
                              >${formatRelative(s.lastSeenAt, this.nowMs, locale, t('time.justNow'))}</span
                            >`
                          : nothing
                      }
                    </div>
                    ${
                      this.visible
                        ? html`<ww-latency-sparkline
                            .stationId=${s.id}
                            .api=${this.api}
                          ></ww-latency-sparkline>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }
      ${
        tile.worst
          ? html`<p class="worst" data-testid="ward-worst">
              ${t(`kind.${tile.worst.kind}`)} · ${t(`attribution.${tile.worst.attribution}`)}
            </p>`
          : nothing
      }
      <div class="foot">
        <ul class="devices" aria-label=${t('overview.devices')}>
          ${TILE_PERIPHERALS.map((c) => {
            const state = tile.devices.get(c) ?? 'gap';
            const label = t('overview.deviceState', {
              device: t(`category.${c}`),
              state: t(`device.${state}`),
            });
            return html`<li
              class="device ${state}"
              title=${label}
              data-category=${c}
              data-state=${state}
            >
              ${CATEGORY_ICON[c]}<span class="badge">${DEVICE_STATE_ICON[state]}</span
              ><span class="visually-hidden">${label}</span>
            </li>`;
          })}
        </ul>
        ${
          tile.openIncidents > 0
            ? html`<a
                class="count"
                href=${`/incidents?ward=${encodeURIComponent(tile.id)}&status=open`}
                >${t('overview.tileIncidents', { count: tile.openIncidents })}</a
              >`
            : nothing
        }
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-ward-tile': WwWardTile;
  }
}
