import type { SessionUser, Target, Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApiClient } from '../api/client.js';
import { loadEquipment, loadIncidents, type EquipmentResult } from '../api/loaders.js';
import type { IncidentItem, StoredRecordItem } from '../api/types.js';
import {
  presetRange,
  RANGE_PRESETS,
  selectRange,
  zoomRange,
  type ChartRange,
  type RangePreset,
} from '../charts/smokeping-data.js';
import type { RangeSelectedEvent } from '../components/events.js';
import { BACK_ICON, CATEGORY_ICON, DEVICE_STATE_ICON, LEVEL_ICON } from '../components/icons.js';
import { categoryKey } from '../components/labels.js';
import { baseStyles, presenceStyles } from '../components/styles.js';
import { renderTable } from '../components/table.js';
import '../components/ww-incident-table.js';
import '../components/ww-session-timeline.js';
import '../components/ww-smokeping-chart.js';
import '../components/ww-station-row.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import { cellState, EQUIPMENT_CATEGORIES } from '../equipment/equipment-data.js';
import { formatDateTime, formatRelative } from '../format/format.js';
import { mergeIncidents, sortIncidents } from '../incidents/incidents-data.js';
import type { LiveSource } from '../live/live-source.js';
import { buildTiles } from '../overview/overview-data.js';
import { latestDevices, sessionDrops, wardTargets } from '../ward/ward-data.js';

const REFRESH_MS = 60_000;
const HISTORY_MS = 30 * 24 * 3600_000;
const ZOOM_STEP = 0.5;

interface WardExtras {
  targets: Target[];
  records: StoredRecordItem[];
}

/** One ward: stations, a SmokePing chart per target, session drops, peripherals, incidents. */
@customElement('ww-page-ward')
export class WwPageWard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .back {
        display: inline-flex;
        align-items: center;
        gap: 0.2rem;
      }
      .back svg {
        width: 1.1rem;
        height: 1.1rem;
      }
      section {
        display: grid;
        gap: 0.75rem;
      }
      .stations {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.5rem;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr));
        gap: 0.75rem;
      }
      .seg {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      :host > * {
        min-width: 0;
      }
      .devices {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
        gap: 0.5rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .device {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.5rem;
        align-items: center;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--ww-border);
        border-radius: 6px;
      }
      .device > svg {
        width: 1.75rem;
        height: 1.75rem;
        grid-row: span 3;
      }
      .device .state {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        font-weight: 700;
      }
      .device .state svg {
        width: 1em;
        height: 1em;
      }
      .gap {
        border-style: dashed;
      }
      .gap .state {
        color: var(--ww-unknown);
      }
      .small {
        font-size: 0.875rem;
      }
    `,
    presenceStyles,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) wardId = '';
  @property({ attribute: false }) user!: SessionUser;

  @state() private preset: RangePreset | null = '1h';
  @state() private range: ChartRange = presetRange('1h', Date.now());

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this, REFRESH_MS);
  private seenRevision = -1;
  private loadedWithStations = false;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private readonly extras = new PollController<WardExtras>(
    this,
    async () => {
      const now = Date.now();
      const [targets, sessions, peripherals] = await Promise.all([
        this.api.targets(),
        this.loadSessions(now),
        this.api.records({ kind: 'peripherals', from: now - 3 * 3600_000, limit: 10_000 }),
      ]);
      return { targets, records: [...sessions, ...peripherals] };
    },
    REFRESH_MS,
  );
  private readonly equipment = new PollController<EquipmentResult>(
    this,
    () => loadEquipment(this.api, this.wards ?? [], [...this.live.stations.values()], Date.now()),
    REFRESH_MS,
  );
  private readonly incidents = new PollController<IncidentItem[] | null>(
    this,
    () => loadIncidents(this.api, { ward: this.wardId, from: Date.now() - HISTORY_MS }),
    REFRESH_MS,
  );

  private async loadSessions(nowMs: number): Promise<StoredRecordItem[]> {
    const stations = [...this.live.stations.values()].filter((s) => s.wardId === this.wardId);
    const lists = await Promise.all(
      stations.map((s) =>
        this.api.records({
          station: s.id,
          kind: 'session',
          from: Math.min(this.range.fromMs, nowMs - 24 * 3600_000),
          limit: 5000,
        }),
      ),
    );
    return lists.flat();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('wardId') && changed.get('wardId') !== undefined) {
      this.extras.reload();
      this.incidents.reload();
    }
    if (this.live && this.live.incidentRevision !== this.seenRevision) {
      if (this.seenRevision !== -1) this.incidents.reload();
      this.seenRevision = this.live.incidentRevision;
    }
    // The preset window follows the clock so the charts keep showing "the last hour".
    if (this.preset && this.range.toMs < this.clock.nowMs) {
      this.range = presetRange(this.preset, this.clock.nowMs);
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('wards') && changed.get('wards') === null && this.wards)
      this.equipment.reload();
    // Sessions are fetched per station: once the first snapshot names them, fetch again.
    if (this.live.hasSnapshot && !this.loadedWithStations) {
      this.loadedWithStations = true;
      this.extras.reload();
      this.equipment.reload();
    }
  }

  private choosePreset(preset: RangePreset): void {
    this.preset = preset;
    this.range = presetRange(preset, Date.now());
  }

  private zoom(factor: number): void {
    this.preset = null;
    this.range = zoomRange(this.range, factor, Date.now());
  }

  private onRangeSelected(e: RangeSelectedEvent): void {
    this.preset = null;
    this.range = selectRange(e.detail.fromMs, e.detail.toMs, this.range);
  }

  override render() {
    const { t } = this.i18n;
    const ward = this.wards?.find((w) => w.id === this.wardId);
    const stations = [...this.live.stations.values()].filter((s) => s.wardId === this.wardId);
    if (!ward && this.wards && this.live.hasSnapshot && stations.length === 0) {
      return html`<p class="notice" role="alert" data-testid="ward-not-found">
        ${t('ward.notFound', { id: this.wardId })}
      </p>`;
    }
    const listed = this.incidents.value;
    const history = sortIncidents(
      mergeIncidents(
        listed ?? [],
        this.live.open().filter((i) => i.wardId === this.wardId),
      ),
    );
    const tile = buildTiles(
      ward ? [ward] : [{ id: this.wardId, name: this.wardId }],
      stations,
      history.filter((i) => i.endedAt === null),
    )[0];
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    return html`
      <div class="title">
        ${
          this.user.role === 'officer'
            ? nothing
            : html`<a class="back" href="/">${BACK_ICON}${t('ward.back')}</a>`
        }
        <h2 data-testid="ward-title">${ward?.name ?? this.wardId}</h2>
        ${
          tile
            ? html`<span class="lvl lvl-${tile.level}" data-testid="ward-level"
                >${LEVEL_ICON[tile.level]}${t(`level.${tile.level}`)}</span
              >`
            : nothing
        }
      </div>

      <section class="card" aria-labelledby="h-stations">
        <h3 id="h-stations">${t('ward.stations')}</h3>
        ${
          stations.length === 0
            ? html`<p class="info">${t('ward.noStations')}</p>`
            : html`<ul class="stations">
                ${repeat(
                  stations,
                  (s) => s.id,
                  (s) =>
                    html`<li data-station-id=${s.id} data-online=${String(s.online)}>
                      <ww-station-row
                        .station=${s}
                        .nowMs=${nowMs}
                        .api=${this.api}
                      ></ww-station-row>
                    </li>`,
                )}
              </ul>`
        }
      </section>

      <section class="card" aria-labelledby="h-charts">
        <h3 id="h-charts">${t('ward.charts')}</h3>
        ${this.renderRangeControls()} ${this.renderCharts(stations.map((s) => s.id))}
      </section>

      <section class="card" aria-labelledby="h-devices">
        <h3 id="h-devices">${t('ward.peripherals')}</h3>
        ${this.renderDevices(stations.map((s) => s.id))}
      </section>

      <section class="card" aria-labelledby="h-sessions">
        <h3 id="h-sessions">${t('ward.sessions')}</h3>
        <ww-session-timeline
          .drops=${sessionDrops(
            this.extras.value?.records ?? [],
            this.extras.value?.targets ?? [],
          ).filter((d) => d.endedAt >= this.range.fromMs && d.endedAt < this.range.toMs)}
          .fromMs=${this.range.fromMs}
          .toMs=${this.range.toMs}
        ></ww-session-timeline>
      </section>

      <section class="card" aria-labelledby="h-incidents">
        <h3 id="h-incidents">${t('ward.incidents')}</h3>
        ${
          this.incidents.loaded && listed === null && !this.live.hasIncidents
            ? html`<p class="info">${t('incidents.unavailable')}</p>`
            : history.length === 0
              ? html`<p class="info">${t('incidents.empty')}</p>`
              : html`<ww-incident-table
                  .items=${history}
                  .wards=${this.wards ?? []}
                  .nowMs=${nowMs}
                  hideWard
                ></ww-incident-table>`
        }
      </section>
    `;
  }

  private renderRangeControls() {
    const { t, locale } = this.i18n;
    return html`<div class="toolbar">
        <div class="seg" role="group" aria-label=${t('chart.range')}>
          ${RANGE_PRESETS.map(
            (p) =>
              html`<button
                type="button"
                data-testid="range-${p}"
                aria-pressed=${this.preset === p ? 'true' : 'false'}
                @click=${() => this.choosePreset(p)}
              >
                ${t(`chart.${p}`)}
              </button>`,
          )}
        </div>
        <div class="seg">
          <button type="button" data-testid="zoom-in" @click=${() => this.zoom(ZOOM_STEP)}>
            ${t('chart.zoomIn')}
          </button>
          <button type="button" data-testid="zoom-out" @click=${() => this.zoom(1 / ZOOM_STEP)}>
            ${t('chart.zoomOut')}
          </button>
          ${
            this.preset === null
              ? html`<button
                  type="button"
                  data-testid="zoom-reset"
                  @click=${() => this.choosePreset('1h')}
                >
                  ${t('chart.reset')}
                </button>`
              : nothing
          }
        </div>
      </div>
      <p class="info small">
        ${
          this.preset === null
            ? t('chart.zoomed', {
                from: formatDateTime(this.range.fromMs, locale),
                to: formatDateTime(this.range.toMs, locale),
              })
            : t('chart.zoomHint')
        }
      </p>`;
  }

  private renderCharts(stationIds: string[]) {
    const { t } = this.i18n;
    const targets = wardTargets(this.extras.value?.targets ?? [], this.wardId);
    if (this.extras.value && targets.length === 0) {
      return html`<p class="info">${t('ward.noTargets')}</p>`;
    }
    return html`<div class="charts" @ww-range-selected=${this.onRangeSelected}>
      ${stationIds.flatMap((stationId) =>
        targets.map(
          (target) =>
            html`<ww-smokeping-chart
              class="card"
              data-target-id=${target.id}
              .api=${this.api}
              .stationId=${stationId}
              .targetId=${target.id}
              .targetName=${stationIds.length > 1 ? `${target.name} (${stationId})` : target.name}
              .range=${this.range}
            ></ww-smokeping-chart>`,
        ),
      )}
    </div>`;
  }

  private renderDevices(stationIds: string[]) {
    const { t, locale } = this.i18n;
    const cells = (this.equipment.value?.cells ?? []).filter((c) => c.wardId === this.wardId);
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    const records = this.extras.value?.records ?? [];
    const lists = stationIds.map((id) => latestDevices(records, id)).filter((l) => l !== null);
    return html`
      <ul class="devices" data-testid="ward-devices">
        ${EQUIPMENT_CATEGORIES.map((category) => {
          const cell = cells.find((c) => c.category === category);
          const st = cell ? cellState(cell) : 'gap';
          return html`<li class="device ${st}" data-category=${category} data-state=${st}>
            ${CATEGORY_ICON[category]}
            <strong>${t(`category.${category}`)}</strong>
            <span class="state"
              >${DEVICE_STATE_ICON[st]}${t(`device.${st}`)}
              ${cell ? t('equipment.cell', { now: cell.presentNow, required: cell.required }) : ''}</span
            >
            <span class="small muted">
              ${
                cell?.lastSeenAt
                  ? t('ward.lastSeenDevice', {
                      time: formatRelative(cell.lastSeenAt, nowMs, locale, t('time.justNow')),
                    })
                  : t('ward.neverSeenDevice')
              }
            </span>
          </li>`;
        })}
      </ul>
      ${
        lists.length === 0
          ? html`<p class="info">${t('ward.noPeripherals')}</p>`
          : html`<div class="table-wrap">
              ${renderTable(
                [t('incident.category'), t('ward.deviceName')],
                lists.flat().map(
                  (d) =>
                    html`<tr>
                      <td>${t(categoryKey(d.category))}</td>
                      <td>${d.vendor} ${d.product}</td>
                    </tr>`,
                ),
              )}
            </div>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-ward': WwPageWard;
  }
}
