import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { IncidentItem } from '../api/types.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { formatDateTime, formatDuration } from '../format/format.js';
import { incidentDurationMs } from '../incidents/incidents-data.js';
import { severityRank } from '../overview/overview-data.js';
import { routePath } from '../router/routes.js';
import { LEVEL_ICON } from './icons.js';
import { categoryKey } from './labels.js';
import { baseStyles } from './styles.js';

const severityLevel = (severity: string) =>
  severityRank(severity) >= 3 ? 'critical' : severityRank(severity) === 2 ? 'warning' : 'info';

/** Incidents as a table; on a phone each row becomes a small card. */
@customElement('ww-incident-table')
export class WwIncidentTable extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .open-badge {
        font-weight: 700;
      }
      @media (max-width: 40rem) {
        thead {
          display: none;
        }
        tr {
          display: grid;
          grid-template-columns: 1fr 1fr;
          gap: 0.1rem 0.5rem;
          padding: 0.5rem 0;
          border-bottom: 1px solid var(--ww-border);
        }
        td {
          border: 0;
          padding: 0.1rem 0;
        }
        td.kind {
          grid-column: 1 / -1;
        }
      }
    `,
  ];

  @property({ attribute: false }) items: readonly IncidentItem[] = [];
  @property({ attribute: false }) wards: readonly Ward[] = [];
  @property({ attribute: false }) nowMs = Date.now();
  @property({ type: Boolean }) hideWard = false;

  private readonly i18n = new LocaleController(this);

  override render() {
    const { t, locale } = this.i18n;
    const names = new Map(this.wards.map((w) => [w.id, w.name]));
    return html`<div class="table-wrap">
      <table data-testid="incident-table">
        <thead>
          <tr>
            <th scope="col">${t('incidents.kind')}</th>
            ${this.hideWard ? '' : html`<th scope="col">${t('incidents.ward')}</th>`}
            <th scope="col">${t('incidents.colStarted')}</th>
            <th scope="col">${t('incidents.colDuration')}</th>
            <th scope="col">${t('incidents.attribution')}</th>
            <th scope="col">${t('incidents.status')}</th>
            <th scope="col">${t('incidents.colAck')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.items.map((i) => {
            const level = severityLevel(i.severity);
            const open = i.endedAt === null;
            return html`<tr data-incident-id=${i.id} data-open=${String(open)}>
              <td class="kind">
                <span class="lvl lvl-${level}" title=${t(`severity.${i.severity}`)}
                  >${LEVEL_ICON[level]}<span class="visually-hidden"
                    >${t(`severity.${i.severity}`)}</span
                  ></span
                >
                <a href=${routePath({ page: 'incident', incidentId: String(i.id) })}
                  >${t(`kind.${i.kind}`)}</a
                >${
                  i.target || i.category
                    ? html` <span class="muted subject"
                        >· ${i.target ?? t(categoryKey(i.category ?? 'other'))}</span
                      >`
                    : ''
                }
              </td>
              ${this.hideWard ? '' : html`<td>${names.get(i.wardId) ?? i.wardId}</td>`}
              <td>${formatDateTime(i.startedAt, locale)}</td>
              <td>${formatDuration(incidentDurationMs(i, this.nowMs), locale)}</td>
              <td>${t(`attribution.${i.attribution}`)}</td>
              <td class=${open ? 'open-badge lvl-critical' : ''}>
                ${open ? t('status.open') : t('status.closed')}
              </td>
              <td>${i.acknowledged ? `✓ ${t('incidents.acked')}` : t('incidents.notAcked')}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-incident-table': WwIncidentTable;
  }
}
