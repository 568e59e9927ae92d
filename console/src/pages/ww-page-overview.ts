import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApiClient } from '../api/client.js';
import type { EquipmentResult } from '../api/loaders.js';
import { ATTRIBUTIONS, type IncidentItem } from '../api/types.js';
import { summarize } from '../board/board-data.js';
import { options } from '../components/options.js';
import { baseStyles } from '../components/styles.js';
import '../components/ww-ward-tile.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { EquipmentPoll, liveSettled, pollOpenIncidents } from '../controllers/ward-data-polls.js';
import { deviceStatesByWard } from '../equipment/equipment-data.js';
import { formatNumber } from '../format/format.js';
import { INTL_LOCALE } from '../i18n/i18n.js';
import type { LiveSource } from '../live/live-source.js';
import {
  TileCache,
  cityFigures,
  filterTiles,
  sortTiles,
  type LevelFilter,
  type WardTile,
} from '../overview/overview-data.js';

const INCIDENTS_REFRESH_MS = 30_000;
const FIRST_TILES = 48;
const TILES_PER_FRAME = 96;
/**
 * Tiles past the first screenful wait for the live snapshot (at most this long), so each is
 * built once, with its stations, and the snapshot is not queued behind frames of tiles that
 * it would then re-render.
 */
const LIVE_WAIT_MS = 2000;
// A reader unplugged in office hours should show on the board within seconds, not a minute;
// the first poll can also precede the stations' first device report.
const EQUIPMENT_REFRESH_MS = 15_000;
const LEVEL_FILTERS: readonly LevelFilter[] = ['all', 'problem', 'ok'];
type SortOrder = 'list' | 'problems';
const SORT_ORDERS: readonly SortOrder[] = ['list', 'problems'];

/** Tổng quan: city-wide figures, then every ward as a tile, live over `/ws/console`. */
@customElement('ww-page-overview')
export class WwPageOverview extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
        gap: 0.75rem;
      }
      .figure .label {
        display: block;
        font-size: 0.875rem;
        color: var(--ww-muted);
      }
      .figure .value {
        font-size: 1.5rem;
        font-weight: 700;
      }
      .attr {
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: 0.875rem;
      }
      .attr li {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      .tools .search {
        flex: 1 1 16rem;
      }
      .tools input {
        width: 100%;
      }
      .wards {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 19rem), 1fr));
        gap: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      /* Off-screen tiles skip layout and paint until scrolled near. */
      .wards > li {
        content-visibility: auto;
        contain-intrinsic-size: auto 12rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;

  @state() private query = '';
  @state() private level: LevelFilter = 'all';
  @state() private order: SortOrder = 'list';
  /**
   * Tiles rendered so far: the first screenful at once, the rest a chunk after each paint,
   * so the first tiles paint at once even with 1,000 wards.
   */
  @state() private rendered = FIRST_TILES;
  private growing = false;
  /** Set when LIVE_WAIT_MS has passed without a live snapshot: the tiles grow anyway. */
  @state() private liveWaitOver = false;
  private liveWaitTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this);
  private seenRevision = -1;
  private markedReady = false;
  /** Tiles keep their identity while their ward is unchanged: only changed tiles re-render. */
  private readonly tileCache = new TileCache();
  private devicesFrom: EquipmentResult | null | undefined;
  private devices: ReturnType<typeof deviceStatesByWard> = new Map();

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  // The board's first meaningful paint is the live state: the polls below (the equipment
  // reply is ~400 KB at 1,000 wards) start once the snapshot is in, not beside it.
  private readonly liveSettled = () => liveSettled(this.live);
  // Only used while the live socket carries no incidents (a server without a detector push).
  private readonly polledIncidents = pollOpenIncidents(
    this,
    INCIDENTS_REFRESH_MS,
    this.liveSettled,
  );
  private readonly equipment = new EquipmentPoll(this, EQUIPMENT_REFRESH_MS, this.liveSettled);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.liveWaitTimer);
    this.liveWaitTimer = undefined;
  }

  override willUpdate(): void {
    // A reconnect or a push: refetch what the socket may not have carried.
    if (this.live && this.live.incidentRevision !== this.seenRevision) {
      if (this.seenRevision !== -1 && !this.live.hasIncidents) this.polledIncidents.reload();
      this.seenRevision = this.live.incidentRevision;
    }
  }

  override firstUpdated(): void {
    // A page's first Intl.NumberFormat costs 15–40 ms (locale data): build it while the
    // socket connects, not in the frame that paints the snapshot's stations (their RTTs).
    setTimeout(() => formatNumber(0, this.i18n.locale), 0);
  }

  override updated(): void {
    this.growTiles();
    // The console's budget is measured to here: the first time the ward tiles are on screen.
    if (!this.markedReady && this.renderRoot.querySelector('ww-ward-tile')) {
      this.markedReady = true;
      performance.mark('ww-overview-ready');
    }
    // The fallback equipment matrix needs ward names and stations: load again once both are known.
    this.equipment.reloadWhenReady();
  }

  private shownCount = 0;

  private growTiles(): void {
    if (this.growing || this.rendered >= this.shownCount) return;
    if (!this.liveSettled() && !this.liveWaitOver) {
      this.liveWaitTimer ??= setTimeout(() => (this.liveWaitOver = true), LIVE_WAIT_MS);
      return;
    }
    this.growing = true;
    // After the next paint, not in its frame callbacks: a chunk rendered there would hold up
    // that paint (the first one is the board's first meaningful paint).
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.growing = false;
        this.rendered += TILES_PER_FRAME;
      }, 0),
    );
  }

  private openIncidents(): IncidentItem[] | null {
    if (this.live.hasIncidents) return this.live.open();
    return this.polledIncidents.value;
  }

  override render() {
    const { t, locale } = this.i18n;
    const stations = [...this.live.stations.values()];
    const open = this.openIncidents();
    // Recomputed only when the equipment reply changes, so per-ward device maps keep identity.
    if (this.equipment.value !== this.devicesFrom) {
      this.devicesFrom = this.equipment.value;
      this.devices = this.devicesFrom ? deviceStatesByWard(this.devicesFrom.cells) : new Map();
    }
    const tiles = this.tileCache.build(this.wards ?? [], stations, open ?? [], this.devices);
    const city = cityFigures(tiles, open ?? []);
    const stationSummary = summarize(stations);
    let shown = filterTiles(tiles, this.query, this.level);
    if (this.order === 'problems') shown = sortTiles(shown, INTL_LOCALE[locale]);
    this.shownCount = shown.length;
    const visible = shown.length > this.rendered ? shown.slice(0, this.rendered) : shown;
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    return html`
      <h2>${t('overview.title')}</h2>
      <div class="figures" aria-live="polite">
        <div class="card figure" data-testid="wards-online">
          <span class="label">${t('overview.wardsOnline')}</span>
          <span class="value"
            >${t('overview.ratio', { value: city.wardsOnline, total: city.wardsTotal })}</span
          >
        </div>
        <div class="card figure" data-testid="city-summary">
          <span class="label">${t('board.summaryLabel')}</span>
          <span class="value">${t('board.summary', { ...stationSummary })}</span>
        </div>
        <div class="card figure" data-testid="open-incidents">
          <span class="label">${t('overview.openIncidents')}</span>
          ${
            open === null
              ? html`<span class="muted">${t('overview.incidentsMissing')}</span>`
              : html`<span class="value">${city.openIncidents}</span>`
          }
        </div>
        <div class="card figure" data-testid="by-attribution">
          <span class="label">${t('overview.byAttribution')}</span>
          ${
            open !== null && city.openIncidents > 0
              ? html`<ul class="attr">
                  ${ATTRIBUTIONS.filter((a) => city.byAttribution.has(a)).map(
                    (a) =>
                      html`<li>
                        <span>${t(`attribution.${a}`)}</span
                        ><strong>${city.byAttribution.get(a)}</strong>
                      </li>`,
                  )}
                </ul>`
              : html`<span class="muted">${t('overview.noOpen')}</span>`
          }
        </div>
      </div>
      <div class="tools">
        <label class="field search">
          ${t('board.search')}
          <input
            type="search"
            .value=${this.query}
            placeholder=${t('board.searchPlaceholder')}
            data-testid="ward-search"
            @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          ${t('overview.filter')}
          <select
            data-testid="level-filter"
            @change=${(e: Event) =>
              (this.level = (e.target as HTMLSelectElement).value as LevelFilter)}
          >
            ${options(LEVEL_FILTERS, this.level, (f) => t(`overview.filter.${f}`))}
          </select>
        </label>
        <label class="field">
          ${t('overview.sort')}
          <select
            data-testid="sort-order"
            @change=${(e: Event) => (this.order = (e.target as HTMLSelectElement).value as SortOrder)}
          >
            ${options(SORT_ORDERS, this.order, (o) => t(`overview.sort.${o}`))}
          </select>
        </label>
      </div>
      <p class="info" role="status">
        ${t('overview.shown', { shown: shown.length, total: tiles.length })}
      </p>
      ${
        tiles.length === 0
          ? this.live.hasSnapshot || this.wards
            ? html`<p class="info">${t('board.noWards')}</p>`
            : nothing
          : shown.length === 0
            ? html`<p class="info">${t('board.noMatch', { query: this.query })}</p>`
            : html`<ul class="wards">
                ${repeat(
                  visible,
                  (tile) => tile.id,
                  (tile) =>
                    html`<li data-ward-id=${tile.id} data-level=${tile.level}>
                      <ww-ward-tile
                        .tile=${tile}
                        .api=${this.api}
                        .nowMs=${hasOffline(tile) ? nowMs : 0}
                      ></ww-ward-tile>
                    </li>`,
                )}
              </ul>`
      }
    `;
  }
}

/** Only a tile showing "last seen … ago" needs the ticking clock (others keep nowMs = 0). */
const hasOffline = (tile: WardTile): boolean =>
  tile.stations.some((s) => !s.online && s.lastSeenAt !== null);

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-overview': WwPageOverview;
  }
}
