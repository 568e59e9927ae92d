import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isMissingRoute, type ApiClient } from '../api/client.js';
import { options } from '../components/options.js';
import { baseStyles } from '../components/styles.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { formatDate } from '../format/format.js';
import {
  PERIOD_KINDS,
  periodRange,
  previousPeriod,
  reportHref,
  type PeriodKind,
  type ReportPeriod,
} from '../reports/report-period.js';

type Availability = 'checking' | 'available' | 'missing';
const CSV_TABLES = ['wards', 'targets', 'equipment', 'incidents', 'city'] as const;

/** Báo cáo: pick a period and a scope, open the printable A4 report or the CSV. */
@customElement('ww-page-reports')
export class WwPageReports extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
        gap: 0.75rem;
      }
      .links {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) wards: Ward[] | null = null;

  @state() private period: ReportPeriod = previousPeriod('month', Date.now());
  @state() private wardId = '';
  @state() private availability: Availability = 'checking';
  @state() private table: (typeof CSV_TABLES)[number] = 'wards';

  private readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // A one-day JSON report is cheap and tells whether the server has reports at all.
    const now = Date.now();
    this.api.get(`/reports/evidence?from=${now - 86_400_000}&to=${now}&format=json`).then(
      () => (this.availability = 'available'),
      (err: unknown) => (this.availability = isMissingRoute(err) ? 'missing' : 'available'),
    );
  }

  private setKind(kind: PeriodKind): void {
    this.period = previousPeriod(kind, Date.now());
  }

  override render() {
    const { t, locale } = this.i18n;
    const p = this.period;
    const { fromMs, toMs } = periodRange(p);
    const year = new Date().getFullYear();
    const years = Array.from({ length: 6 }, (_, i) => year - i);
    const indexCount = p.kind === 'month' ? 12 : p.kind === 'quarter' ? 4 : 0;
    return html`
      <h2>${t('reports.title')}</h2>
      <p class="info">${t('reports.intro')}</p>
      <form class="card" @submit=${(e: Event) => e.preventDefault()}>
        <label class="field">
          ${t('reports.period')}
          <select
            data-testid="report-kind"
            @change=${(e: Event) => this.setKind((e.target as HTMLSelectElement).value as PeriodKind)}
          >
            ${options(PERIOD_KINDS, p.kind, (k) => t(`reports.${k}`))}
          </select>
        </label>
        ${
          indexCount > 0
            ? html`<label class="field">
                ${t(p.kind === 'month' ? 'reports.month' : 'reports.quarter')}
                <select
                  data-testid="report-index"
                  @change=${(e: Event) =>
                    (this.period = { ...p, index: Number((e.target as HTMLSelectElement).value) })}
                >
                  ${options(
                    Array.from({ length: indexCount }, (_, i) => i + 1),
                    p.index,
                    (i) => i,
                  )}
                </select>
              </label>`
            : nothing
        }
        <label class="field">
          ${t('reports.year')}
          <select
            data-testid="report-year"
            @change=${(e: Event) =>
              (this.period = { ...p, year: Number((e.target as HTMLSelectElement).value) })}
          >
            ${options(years, p.year, (y) => y)}
          </select>
        </label>
        <label class="field">
          ${t('reports.ward')}
          <select
            data-testid="report-ward"
            @change=${(e: Event) => (this.wardId = (e.target as HTMLSelectElement).value)}
          >
            <option value="">${t('reports.allWards')}</option>
            ${(this.wards ?? []).map(
              (w) =>
                html`<option value=${w.id} ?selected=${this.wardId === w.id}>${w.name}</option>`,
            )}
          </select>
        </label>
      </form>
      <p class="info" data-testid="report-range">
        ${t('reports.rangeText', {
          from: formatDate(fromMs, locale),
          to: formatDate(toMs - 1, locale),
        })}
      </p>
      ${
        this.availability === 'missing'
          ? html`<p class="notice" data-testid="reports-unavailable">
              ${t('reports.unavailable')}
            </p>`
          : html`<div class="links">
              <a
                class="button primary"
                data-testid="report-html"
                target="_blank"
                rel="noopener"
                href=${reportHref(p, 'html', this.wardId)}
                >${t('reports.openHtml')}</a
              >
              <a
                class="button"
                data-testid="report-pdf"
                href=${reportHref(p, 'pdf', this.wardId)}
                download
                >${t('reports.downloadPdf')}</a
              >
              <label class="field">
                ${t('reports.csvTable')}
                <select
                  data-testid="report-table"
                  @change=${(e: Event) =>
                    (this.table = (e.target as HTMLSelectElement)
                      .value as (typeof CSV_TABLES)[number])}
                >
                  ${options(CSV_TABLES, this.table, (k) => t(`reports.table.${k}`))}
                </select>
              </label>
              <a
                class="button"
                data-testid="report-csv"
                href=${reportHref(p, 'csv', this.wardId, this.table)}
                download
                >${t('reports.downloadCsv')}</a
              >
              <a
                class="button"
                data-testid="report-json"
                href=${reportHref(p, 'json', this.wardId)}
                download
                >${t('reports.downloadJson')}</a
              >
            </div>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-reports': WwPageReports;
  }
}
