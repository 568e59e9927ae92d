import type { SessionUser, Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { CATEGORY_ICON, DEVICE_STATE_ICON, LEVEL_ICON, LINK_ICON } from '../components/icons.js';
import { baseStyles, presenceStyles } from '../components/styles.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { EquipmentPoll, pollOpenIncidents } from '../controllers/ward-data-polls.js';
import { formatNumber, formatRelative } from '../format/format.js';
import { mergeIncidents } from '../incidents/incidents-data.js';
import type { LiveSource } from '../live/live-source.js';
import { officerStatus, type LineState } from '../officer/officer-data.js';
import type { WardLevel } from '../overview/overview-data.js';
import { routePath } from '../router/routes.js';

const REFRESH_MS = 30_000;

const LINE_LEVEL: Readonly<Record<LineState, WardLevel>> = {
  ok: 'ok',
  slow: 'warning',
  down: 'critical',
  central: 'warning',
  no_station: 'unknown',
};

/**
 * The ward officer's page: their own ward only, in large plain words — is the line OK, are
 * the devices connected, and what to do next.
 */
@customElement('ww-page-officer')
export class WwPageOfficer extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
        font-size: 1.125rem;
      }
      h2 {
        font-size: 1.625rem;
      }
      .big {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 1rem 1.25rem;
        border-radius: 10px;
        border: 2px solid currentColor;
        font-size: 1.5rem;
        font-weight: 800;
      }
      .big svg {
        width: 2.5rem;
        height: 2.5rem;
        flex: none;
      }
      .big.lvl-ok {
        background: var(--ww-ok-bg);
      }
      .big.lvl-warning {
        background: var(--ww-warn-bg);
      }
      .big.lvl-critical {
        background: var(--ww-crit-bg);
      }
      .sub {
        margin: 0.25rem 0 0;
        color: var(--ww-muted);
        font-size: 1rem;
      }
      .devices {
        display: grid;
        gap: 0.5rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .device {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0.75rem;
        align-items: center;
        padding: 0.75rem 1rem;
        border: 1px solid var(--ww-border);
        border-radius: 8px;
        background: var(--ww-surface);
      }
      .device > svg {
        width: 2rem;
        height: 2rem;
      }
      .device .state {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        font-weight: 800;
      }
      .device .state svg {
        width: 1.4rem;
        height: 1.4rem;
      }
      .gap .state {
        color: var(--ww-warn);
      }
      ol {
        margin: 0;
        padding-left: 1.5rem;
        display: grid;
        gap: 0.5rem;
        font-size: 1.1875rem;
      }
      section {
        display: grid;
        gap: 0.6rem;
      }
      @media (max-width: 40rem) {
        .device {
          grid-template-columns: auto 1fr;
        }
        .device .state {
          grid-column: 2;
        }
      }
    `,
    presenceStyles,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) user!: SessionUser;

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this);
  private seenRevision = -1;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private readonly incidents = pollOpenIncidents(this, REFRESH_MS);
  private readonly equipment = new EquipmentPoll(this, REFRESH_MS);

  override willUpdate(): void {
    if (this.live && this.live.incidentRevision !== this.seenRevision) {
      if (this.seenRevision !== -1) this.incidents.reload();
      this.seenRevision = this.live.incidentRevision;
    }
  }

  override updated(): void {
    this.equipment.reloadWhenReady();
  }

  override render() {
    const { t, locale } = this.i18n;
    const wardId = this.user.wardId;
    if (!wardId) return html`<p class="banner" role="alert">${t('officer.noWard')}</p>`;
    const ward = this.wards?.find((w) => w.id === wardId);
    const stations = [...this.live.stations.values()].filter((s) => s.wardId === wardId);
    const open = mergeIncidents(this.incidents.value ?? [], this.live.open()).filter(
      (i) => i.wardId === wardId && i.endedAt === null,
    );
    const cells = (this.equipment.value?.cells ?? []).filter((c) => c.wardId === wardId);
    const status = officerStatus(stations, open, cells);
    const level = LINE_LEVEL[status.line];
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    const station = status.station;
    return html`
      <h2 data-testid="officer-title">${t('officer.title', { ward: ward?.name ?? wardId })}</h2>
      <section aria-labelledby="h-line">
        <h3 id="h-line">${t('officer.lineTitle')}</h3>
        <div
          class="big lvl-${level}"
          data-testid="officer-line"
          data-line=${status.line}
          role="status"
        >
          ${status.line === 'ok' ? LINK_ICON : LEVEL_ICON[level]}${t(`officer.line.${status.line}`)}
        </div>
        ${
          station
            ? html`<p class="sub">
                ${
                  station.lastSeenAt === null
                    ? t('station.neverSeen')
                    : t('officer.lastContact', {
                        time: formatRelative(station.lastSeenAt, nowMs, locale, t('time.justNow')),
                      })
                }
                ${
                  station.online && station.lastRttMs !== null
                    ? html` ·
                      ${t('officer.latency', { ms: formatNumber(station.lastRttMs, locale) })}`
                    : nothing
                }
              </p>`
            : nothing
        }
      </section>
      <section aria-labelledby="h-devices">
        <h3 id="h-devices">${t('officer.devicesTitle')}</h3>
        <ul class="devices" data-testid="officer-devices">
          ${status.devices.map(
            (d) =>
              html`<li class="device ${d.state}" data-category=${d.category} data-state=${d.state}>
                ${CATEGORY_ICON[d.category]}
                <strong>${t(`category.${d.category}`)}</strong>
                <span class="state"
                  >${DEVICE_STATE_ICON[d.state]}${t(`officer.device.${d.state}`)}</span
                >
              </li>`,
          )}
        </ul>
      </section>
      <section class="card" aria-labelledby="h-next">
        <h3 id="h-next">${t('officer.nextTitle')}</h3>
        <ol data-testid="officer-advice">
          ${status.advice.map((a) => html`<li data-advice=${a}>${t(`advice.${a}`)}</li>`)}
        </ol>
      </section>
      <p><a href=${routePath({ page: 'ward', wardId })}>${t('officer.details')}</a></p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-officer': WwPageOfficer;
  }
}
