import type { MaintenanceCreate, MaintenanceWindow, Target, Ward } from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatDateTime } from '../../format/format.js';
import { fromLocalInput, toLocalInput } from '../../settings/settings-data.js';
import { baseStyles } from '../styles.js';
import { formValues, SettingsSection } from './section-base.js';

const RECURRENCES = ['none', 'daily', 'weekly'] as const;
const REFRESH_MS = 60_000;

/** Planned maintenance windows: incidents inside them are attributed `planned`. */
@customElement('ww-settings-maintenance')
export class WwSettingsMaintenance extends SettingsSection {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
        gap: 0.75rem;
        align-items: end;
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;

  private readonly data = new PollController<{ windows: MaintenanceWindow[]; targets: Target[] }>(
    this,
    async () => {
      const [list, targets] = await Promise.all([
        this.api.get<{ items: MaintenanceWindow[] }>('/maintenance-windows'),
        this.api.targets(),
      ]);
      return { windows: list.items, targets };
    },
    REFRESH_MS,
  );

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const v = formValues(form);
    const recurrence = RECURRENCES.find((r) => r === v.recurrence) ?? 'none';
    const body: MaintenanceCreate = {
      name: v.name ?? '',
      startsAt: fromLocalInput(v.startsAt ?? ''),
      endsAt: fromLocalInput(v.endsAt ?? ''),
      recurrence,
      ...(v.wardId && { wardId: v.wardId }),
      ...(v.target && { target: v.target }),
    };
    if (
      await this.write(() => this.api.post('/maintenance-windows', body), {
        key: 'common.saved',
        ok: true,
      })
    ) {
      form.reset();
      this.data.reload();
    }
  }

  private async removeWindow(id: number): Promise<void> {
    if (
      await this.write(() => this.api.delete(`/maintenance-windows/${id}`), {
        key: 'common.saved',
        ok: true,
      })
    ) {
      this.data.reload();
    }
  }

  override render() {
    const { t, locale } = this.i18n;
    const wards = this.wards ?? [];
    const names = new Map(wards.map((w) => [w.id, w.name]));
    const value = this.data.value;
    if (this.data.error && !value)
      return this.renderLoadError(this.data.error, '/api/v1/maintenance-windows');
    const now = Date.now();
    return html`
      <form class="card" @submit=${this.add} data-testid="maintenance-form">
        <label class="field"
          >${t('maintenance.name')}<input name="name" required maxlength="128"
        /></label>
        <label class="field"
          >${t('maintenance.startsAt')}<input
            name="startsAt"
            type="datetime-local"
            required
            .value=${toLocalInput(now)}
        /></label>
        <label class="field"
          >${t('maintenance.endsAt')}<input
            name="endsAt"
            type="datetime-local"
            required
            .value=${toLocalInput(now + 3600_000)}
        /></label>
        <label class="field"
          >${t('maintenance.recurrence')}
          <select name="recurrence">
            ${RECURRENCES.map((r) => html`<option value=${r}>${t(`recurrence.${r}`)}</option>`)}
          </select>
        </label>
        <label class="field"
          >${t('targets.scope')}
          <select name="wardId">
            <option value="">${t('targets.allWards')}</option>
            ${wards.map((w) => html`<option value=${w.id}>${w.name}</option>`)}
          </select>
        </label>
        <label class="field"
          >${t('incident.target')}
          <select name="target">
            <option value="">${t('common.all')}</option>
            ${(value?.targets ?? []).map((tg) => html`<option value=${tg.id}>${tg.name}</option>`)}
          </select>
        </label>
        <div>
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${t('common.create')}
          </button>
        </div>
      </form>
      ${this.renderFeedback()}
      <div class="card table-wrap">
        ${
          value && value.windows.length === 0
            ? html`<p class="info">${t('settings.empty')}</p>`
            : html`<table data-testid="maintenance-list">
                <thead>
                  <tr>
                    <th scope="col">${t('maintenance.name')}</th>
                    <th scope="col">${t('maintenance.startsAt')}</th>
                    <th scope="col">${t('maintenance.endsAt')}</th>
                    <th scope="col">${t('maintenance.recurrence')}</th>
                    <th scope="col">${t('targets.scope')}</th>
                    <th scope="col"><span class="visually-hidden">${t('common.delete')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${(value?.windows ?? []).map(
                    (w) =>
                      html`<tr>
                        <td>${w.name}</td>
                        <td>${formatDateTime(w.startsAt, locale)}</td>
                        <td>${formatDateTime(w.endsAt, locale)}</td>
                        <td>${t(`recurrence.${w.recurrence}`)}</td>
                        <td>
                          ${w.wardId ? (names.get(w.wardId) ?? w.wardId) : t('targets.allWards')}${
                            w.target ? html` · <span class="mono">${w.target}</span>` : nothing
                          }
                        </td>
                        <td>
                          <button type="button" @click=${() => this.removeWindow(w.id)}>
                            ${t('common.delete')}
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-maintenance': WwSettingsMaintenance;
  }
}
