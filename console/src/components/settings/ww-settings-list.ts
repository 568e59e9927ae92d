import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatDateTime } from '../../format/format.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { SettingsSection } from './section-base.js';

export interface ListColumn {
  field: string;
  label: MessageKey;
  /** Epoch ms shown as a date and time. */
  isTime?: boolean;
}

/** A read-only list from a GET route (the audit log), or a note when the server lacks it. */
@customElement('ww-settings-list')
export class WwSettingsList extends SettingsSection {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** Path below /api/v1, e.g. `/users`. */
  @property({ attribute: false }) path = '';
  @property({ attribute: false }) columns: readonly ListColumn[] = [];

  private readonly list = new PollController<Record<string, unknown>[]>(
    this,
    async () => (await this.api.get<{ items: Record<string, unknown>[] }>(this.path)).items,
    60_000,
  );

  override render() {
    const { t, locale } = this.i18n;
    if (this.list.error && !this.list.value)
      return this.renderLoadError(this.list.error, `/api/v1${this.path}`);
    const items = this.list.value;
    if (!items) return html`<p class="info">${t('common.loading')}</p>`;
    if (items.length === 0) return this.renderEmpty();
    const show = (v: unknown, isTime?: boolean) =>
      v === null || v === undefined
        ? ''
        : isTime && typeof v === 'number'
          ? formatDateTime(v, locale)
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v);
    return html`<div class="card table-wrap">
      ${renderTable(
        this.columns.map((c) => t(c.label)),
        items.map(
          (item) =>
            html`<tr>
              ${this.columns.map((c) => html`<td>${show(item[c.field], c.isTime)}</td>`)}
            </tr>`,
        ),
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-list': WwSettingsList;
  }
}
