import type { StationView } from '@wardwatch/shared';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { formatDateTime, formatNumber, formatRelative } from '../format/format.js';
import './ww-latency-sparkline.js';

/** One station: state (dot and words, never colour alone), hostname, last contact, latency. */
@customElement('ww-station-row')
export class WwStationRow extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .row {
      display: grid;
      grid-template-columns: 9rem minmax(6rem, 1fr) 8.5rem 5rem;
      grid-template-areas:
        'status host seen rtt'
        'chart chart chart chart';
      gap: 0.25rem 0.75rem;
      align-items: center;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--ww-border);
      border-left: 6px solid var(--ww-ok);
      border-radius: 6px;
      background: var(--ww-surface-2);
    }
    .row.offline {
      border-left-color: var(--ww-crit);
      background: var(--ww-crit-bg);
    }
    .status {
      grid-area: status;
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-weight: 700;
      color: var(--ww-ok);
    }
    .offline .status {
      color: var(--ww-crit);
    }
    .dot {
      width: 0.75rem;
      height: 0.75rem;
      border-radius: 50%;
      background: currentColor;
      flex: none;
    }
    .offline .dot {
      background: transparent;
      border: 2px solid currentColor;
      box-sizing: border-box;
    }
    .host {
      grid-area: host;
      overflow-wrap: anywhere;
    }
    [data-testid='station-hostname'] {
      font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
    }
    .seen {
      grid-area: seen;
    }
    .rtt {
      grid-area: rtt;
    }
    .label {
      display: block;
      font-size: 0.8125rem;
      color: var(--ww-muted);
    }
    ww-latency-sparkline {
      grid-area: chart;
    }
    @media (max-width: 36rem) {
      .row {
        grid-template-columns: 1fr 1fr;
        grid-template-areas:
          'status host'
          'seen rtt'
          'chart chart';
      }
    }
  `;

  @property({ attribute: false }) station!: StationView;
  /** Current time (server clock), epoch ms; the board ticks it for relative times. */
  @property({ attribute: false }) nowMs = Date.now();
  @property({ attribute: false }) api!: ApiClient;

  private readonly i18n = new LocaleController(this);

  override render() {
    const { t, locale } = this.i18n;
    const s = this.station;
    return html`
      <div class="row ${s.online ? 'online' : 'offline'}">
        <span class="status" data-testid="station-status">
          <span class="dot" aria-hidden="true"></span>
          ${s.online ? t('station.online') : t('station.offline')}
        </span>
        <span class="host">
          <span class="label">${t('station.hostname')}</span>
          <span data-testid="station-hostname">${s.hostname}</span>
        </span>
        <span class="seen">
          <span class="label">${t('station.lastSeen')}</span>
          ${
            s.lastSeenAt === null
              ? t('station.neverSeen')
              : html`<time
                  datetime=${new Date(s.lastSeenAt).toISOString()}
                  title=${formatDateTime(s.lastSeenAt, locale)}
                  >${formatRelative(s.lastSeenAt, this.nowMs, locale, t('time.justNow'))}</time
                >`
          }
        </span>
        <span class="rtt" data-testid="station-rtt">
          <span class="label">${t('station.latency')}</span>
          ${
            s.lastRttMs === null
              ? t('station.noLatency')
              : t('station.latencyValue', { ms: formatNumber(s.lastRttMs, locale) })
          }
        </span>
        <ww-latency-sparkline .stationId=${s.id} .api=${this.api}></ww-latency-sparkline>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-station-row': WwStationRow;
  }
}
