import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { loadEquipment, type EquipmentResult } from '../api/loaders.js';
import { CATEGORY_ICON, DEVICE_STATE_ICON } from '../components/icons.js';
import { baseStyles } from '../components/styles.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import {
  categoryTotals,
  cellState,
  EQUIPMENT_CATEGORIES,
  type DeviceState,
} from '../equipment/equipment-data.js';
import type { LiveSource } from '../live/live-source.js';
import { routePath } from '../router/routes.js';

const REFRESH_MS = 60_000;
const STATES: readonly DeviceState[] = ['present', 'missing', 'gap'];

/** Thiết bị: wards × categories, present / missing now / never seen, against the requirement. */
@customElement('ww-page-equipment')
export class WwPageEquipment extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .totals {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem;
      }
      .total {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.5rem;
        align-items: center;
      }
      .total > svg {
        width: 1.75rem;
        height: 1.75rem;
        grid-row: span 2;
      }
      .total span {
        font-size: 0.875rem;
        color: var(--ww-muted);
      }
      th.cat {
        text-align: center;
      }
      td.cell {
        text-align: center;
        white-space: nowrap;
      }
      .cell span {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        padding: 0.1rem 0.45rem;
        border-radius: 5px;
        font-weight: 700;
      }
      .cell svg {
        width: 1em;
        height: 1em;
      }
      .present span {
        color: var(--ww-ok);
      }
      .missing span {
        color: var(--ww-crit);
        background: var(--ww-crit-bg);
      }
      .gap span {
        color: var(--ww-warn);
        background: var(--ww-warn-bg);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      @media (max-width: 40rem) {
        th,
        td {
          padding: 0.35rem 0.25rem;
        }
        .cell .word {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;

  private readonly i18n = new LocaleController(this);
  private loadedWith = 0;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private readonly equipment = new PollController<EquipmentResult>(
    this,
    () => loadEquipment(this.api, this.wards ?? [], [...this.live.stations.values()], Date.now()),
    REFRESH_MS,
  );

  override updated(): void {
    // The fallback matrix needs ward names and stations: load again once both are known.
    const readiness = (this.wards ? 1 : 0) + (this.live.hasSnapshot ? 1 : 0);
    if (readiness > this.loadedWith) {
      this.loadedWith = readiness;
      this.equipment.reload();
    }
  }

  override render() {
    const { t } = this.i18n;
    const result = this.equipment.value;
    const cells = result?.cells ?? [];
    const wards = this.wards ?? [];
    const totals = categoryTotals(cells);
    return html`
      <h2>${t('equipment.title')}</h2>
      <p class="info">${t('equipment.intro')}</p>
      ${result?.source === 'records' ? html`<p class="notice">${t('equipment.fallback')}</p>` : nothing}
      ${
        this.equipment.error && !result
          ? html`<p class="banner" role="alert">
              ${t('common.loadFailed', { message: String(this.equipment.error) })}
            </p>`
          : nothing
      }
      <div class="totals">
        ${totals.map(
          (c) =>
            html`<div class="card total" data-testid="equipment-total" data-category=${c.category}>
              ${CATEGORY_ICON[c.category]}
              <strong>${t(`category.${c.category}`)}</strong>
              <span
                >${t('equipment.totals', { present: c.present, missing: c.missing, gap: c.gap })}</span
              >
            </div>`,
        )}
      </div>
      <ul class="legend" aria-label=${t('equipment.legend')}>
        ${STATES.map(
          (s) =>
            html`<li class="cell ${s}">
              <span>${DEVICE_STATE_ICON[s]}${t(`device.${s}`)}</span>
            </li>`,
        )}
      </ul>
      <div class="card table-wrap">
        <table data-testid="equipment-matrix">
          <thead>
            <tr>
              <th scope="col">${t('equipment.ward')}</th>
              ${EQUIPMENT_CATEGORIES.map(
                (c) => html`<th scope="col" class="cat">${t(`category.${c}`)}</th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${wards.map(
              (w) =>
                html`<tr data-ward-id=${w.id}>
                  <th scope="row">
                    <a href=${routePath({ page: 'ward', wardId: w.id })}>${w.name}</a>
                  </th>
                  ${EQUIPMENT_CATEGORIES.map((category) => {
                    const cell = cells.find((c) => c.wardId === w.id && c.category === category);
                    if (!cell) return html`<td class="cell">–</td>`;
                    const st = cellState(cell);
                    const title = t('equipment.cellTitle', {
                      state: t(`device.${st}`),
                      now: cell.presentNow,
                      required: cell.required,
                      ever: cell.everSeen,
                    });
                    return html`<td
                      class="cell ${st}"
                      title=${title}
                      data-category=${category}
                      data-state=${st}
                    >
                      <span
                        >${DEVICE_STATE_ICON[st]}${t('equipment.cell', {
                          now: cell.presentNow,
                          required: cell.required,
                        })}<span class="visually-hidden">${title}</span></span
                      >
                    </td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-equipment': WwPageEquipment;
  }
}
