import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, type ApiClient } from '../api/client.js';
import { filterWards, groupByWard, summarize, type WardGroup } from '../board/board-data.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import './ww-station-row.js';

const WARDS_REFRESH_MS = 5 * 60_000;

/**
 * The live board: city summary, ward search, and every ward with its stations' state.
 *
 * @fires ww-session-expired - when the live socket is refused and the server no longer
 *   knows this session
 */
@customElement('ww-board')
export class WwBoard extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 1rem;
    }
    .banner {
      margin: 0;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      background: #fdecea;
      color: #8a1c13;
      border: 1px solid #e6a39b;
      font-weight: 600;
    }
    .info {
      margin: 0;
      color: #4a5567;
    }
    .top {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
      gap: 1rem;
      align-items: end;
    }
    .summary {
      padding: 0.75rem 1rem;
      background: #ffffff;
      border: 1px solid #d5dbe3;
      border-radius: 8px;
    }
    .summary .label {
      display: block;
      font-size: 0.875rem;
      color: #4a5567;
    }
    .summary .value {
      font-size: 1.5rem;
      font-weight: 700;
    }
    .search {
      display: grid;
      gap: 0.25rem;
      font-weight: 600;
    }
    .search input {
      font: inherit;
      font-weight: 400;
      padding: 0.5rem 0.75rem;
      border: 1px solid #9aa7b8;
      border-radius: 6px;
    }
    .search input:focus-visible {
      outline: 3px solid #f0a500;
      outline-offset: 1px;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    .wards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 26rem), 1fr));
      gap: 1rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ward {
      background: #ffffff;
      border: 1px solid #d5dbe3;
      border-radius: 8px;
      padding: 0.75rem 1rem;
    }
    .ward header {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.25rem 1rem;
      align-items: baseline;
    }
    h3 {
      margin: 0;
      font-size: 1.0625rem;
    }
    .ward-summary {
      font-size: 0.9375rem;
      color: #4a5567;
    }
    .ward-summary.down {
      color: #8a1c13;
      font-weight: 600;
    }
    .stations {
      margin: 0.5rem 0 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 0.5rem;
    }
    .empty {
      margin: 0.5rem 0 0;
      color: #4a5567;
      font-size: 0.9375rem;
    }
  `;

  @property({ attribute: false }) api!: ApiClient;

  @state() private query = '';

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this);
  private readonly live = new LiveController(this, { onRefused: () => this.checkSession() });
  private readonly wards = new PollController<Ward[]>(
    this,
    () => this.api.wards(),
    WARDS_REFRESH_MS,
  );

  private checkSession(): void {
    this.api.me().then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) {
          this.dispatchEvent(
            new CustomEvent('ww-session-expired', { detail: null, bubbles: true, composed: true }),
          );
        }
      },
    );
  }

  override render() {
    const { t } = this.i18n;
    const stations = [...this.live.stations.values()];
    const city = summarize(stations);
    const groups = groupByWard(this.wards.value ?? [], stations);
    const shown = filterWards(groups, this.query);
    return html`
      ${
        this.live.status === 'lost'
          ? html`<p class="banner" role="alert" data-testid="live-lost">${t('board.liveLost')}</p>`
          : nothing
      }
      ${
        this.live.status === 'connecting'
          ? html`<p class="info" role="status">${t('board.connecting')}</p>`
          : nothing
      }
      ${
        this.wards.error && !this.wards.value
          ? html`<p class="banner" role="alert">${t('board.loadFailed')}</p>`
          : nothing
      }
      <div class="top">
        <div class="summary" data-testid="city-summary" aria-live="polite">
          <span class="label">${t('board.summaryLabel')}</span>
          <span class="value">${t('board.summary', { ...city })}</span>
        </div>
        <label class="search">
          ${t('board.search')}
          <input
            type="search"
            .value=${this.query}
            placeholder=${t('board.searchPlaceholder')}
            data-testid="ward-search"
            @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <h2>${t('board.title')}</h2>
      ${this.renderWards(groups, shown)}
    `;
  }

  private renderWards(all: WardGroup[], shown: WardGroup[]) {
    const { t } = this.i18n;
    if (all.length === 0) {
      return this.live.hasSnapshot || this.wards.value
        ? html`<p class="info">${t('board.noWards')}</p>`
        : nothing;
    }
    if (shown.length === 0)
      return html`<p class="info">${t('board.noMatch', { query: this.query })}</p>`;
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    return html`<ul class="wards">
      ${repeat(
        shown,
        (g) => g.id,
        (g) =>
          html`<li class="ward" data-ward-id=${g.id}>
            <section aria-labelledby="ward-${g.id}">
              <header>
                <h3 id="ward-${g.id}">${g.name}</h3>
                <span class="ward-summary ${g.online < g.stations.length ? 'down' : ''}">
                  ${t('board.wardSummary', { online: g.online, total: g.stations.length })}
                </span>
              </header>
              ${
                g.stations.length === 0
                  ? html`<p class="empty">${t('board.noStations')}</p>`
                  : html`<ul class="stations">
                      ${repeat(
                        g.stations,
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
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-board': WwBoard;
  }
}
