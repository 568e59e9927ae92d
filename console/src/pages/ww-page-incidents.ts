import type { SessionUser, Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { loadIncidents } from '../api/loaders.js';
import { ATTRIBUTIONS, INCIDENT_KINDS, type Incident } from '../api/types.js';
import { baseStyles } from '../components/styles.js';
import '../components/ww-incident-table.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import {
  applyFilters,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  mergeIncidents,
  PERIODS,
  sortIncidents,
  STATUSES,
  type IncidentFilters,
} from '../incidents/incidents-data.js';
import type { LiveSource } from '../live/live-source.js';
import { navigate } from '../router/navigation.js';

const REFRESH_MS = 30_000;

/** Sự cố: every incident with filters kept in the address, live-merged with pushes. */
@customElement('ww-page-incidents')
export class WwPageIncidents extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
        gap: 0.75rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) user!: SessionUser;

  @state() private filters: IncidentFilters = filtersFromSearch(location.search);

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this);
  private seenRevision = -1;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private readonly list = new PollController<Incident[] | null>(
    this,
    () => loadIncidents(this.api, filtersToQuery(this.filters, Date.now())),
    REFRESH_MS,
  );

  override willUpdate(): void {
    if (this.live && this.live.incidentRevision !== this.seenRevision) {
      if (this.seenRevision !== -1) this.list.reload();
      this.seenRevision = this.live.incidentRevision;
    }
  }

  private setFilter<K extends keyof IncidentFilters>(key: K, value: IncidentFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
    navigate(`/incidents${filtersToSearch(this.filters)}`, { replace: true });
    this.list.reload();
  }

  override render() {
    const { t } = this.i18n;
    const f = this.filters;
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    const listed = this.list.value;
    const officerWard = this.user.role === 'officer' ? this.user.wardId : null;
    const wards = (this.wards ?? []).filter((w) => !officerWard || w.id === officerWard);
    const items =
      listed === null
        ? null
        : sortIncidents(applyFilters(mergeIncidents(listed, this.live.open()), f, nowMs));
    const select = (
      key: 'ward' | 'kind' | 'attribution',
      label: string,
      options: { value: string; text: string }[],
    ) =>
      html`<label class="field">
        ${label}
        <select
          data-testid="filter-${key}"
          @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${f[key] === ''}>${t('common.all')}</option>
          ${options.map(
            (o) =>
              html`<option value=${o.value} ?selected=${f[key] === o.value}>${o.text}</option>`,
          )}
        </select>
      </label>`;
    return html`
      <h2>${t('incidents.title')}</h2>
      <form
        class="card"
        aria-label=${t('incidents.filters')}
        @submit=${(e: Event) => e.preventDefault()}
      >
        ${
          officerWard
            ? nothing
            : select(
                'ward',
                t('incidents.ward'),
                wards.map((w) => ({ value: w.id, text: w.name })),
              )
        }
        ${select(
          'kind',
          t('incidents.kind'),
          INCIDENT_KINDS.map((k) => ({ value: k, text: t(`kind.${k}`) })),
        )}
        ${select(
          'attribution',
          t('incidents.attribution'),
          ATTRIBUTIONS.map((a) => ({ value: a, text: t(`attribution.${a}`) })),
        )}
        <label class="field">
          ${t('incidents.status')}
          <select
            data-testid="filter-status"
            @change=${(e: Event) =>
              this.setFilter(
                'status',
                (e.target as HTMLSelectElement).value as IncidentFilters['status'],
              )}
          >
            ${STATUSES.map(
              (s) =>
                html`<option value=${s} ?selected=${f.status === s}>${t(`status.${s}`)}</option>`,
            )}
          </select>
        </label>
        <label class="field">
          ${t('incidents.period')}
          <select
            data-testid="filter-period"
            @change=${(e: Event) =>
              this.setFilter(
                'period',
                (e.target as HTMLSelectElement).value as IncidentFilters['period'],
              )}
          >
            ${PERIODS.map(
              (p) =>
                html`<option value=${p} ?selected=${f.period === p}>${t(`period.${p}`)}</option>`,
            )}
          </select>
        </label>
      </form>
      ${
        this.list.error && listed === null
          ? html`<p class="banner" role="alert">
              ${t('common.loadFailed', { message: String(this.list.error) })}
            </p>`
          : nothing
      }
      ${
        items === null
          ? this.list.loaded
            ? html`<p class="info" data-testid="incidents-unavailable">
                ${t('incidents.unavailable')}
              </p>`
            : nothing
          : html`<p class="info" role="status">${t('incidents.count', { count: items.length })}</p>
              ${
                items.length === 0
                  ? html`<p class="info">${t('incidents.empty')}</p>`
                  : html`<ww-incident-table
                      class="card"
                      .items=${items}
                      .wards=${this.wards ?? []}
                      .nowMs=${nowMs}
                      ?hideWard=${!!officerWard}
                    ></ww-incident-table>`
              }`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-incidents': WwPageIncidents;
  }
}
