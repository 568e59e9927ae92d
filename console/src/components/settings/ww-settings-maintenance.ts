import type { MaintenanceCreate, MaintenanceWindow, Target, Ward } from '@wardwatch/shared';
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatDateTime } from '../../format/format.js';
import { fromLocalInput, toLocalInput } from '../../settings/settings-data.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { formColumns, formValues, SAVED, sectionStyles, SettingsSection } from './section-base.js';

const RECURRENCES = ['none', 'daily', 'weekly'] as const;
const REFRESH_MS = 60_000;

/** Planned maintenance windows: incidents inside them are attributed `planned`. */
@customElement('ww-settings-maintenance')
export class WwSettingsMaintenance extends SettingsSection {
  static override styles = [baseStyles, sectionStyles, formColumns(13)];

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
    await this.submitForm(
      e,
      (form) => {
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
        return { run: () => this.api.post('/maintenance-windows', body), done: SAVED };
      },
      () => this.data.reload(),
    );
  }

  private async removeWindow(id: number): Promise<void> {
    if (await this.write(() => this.api.delete(`/maintenance-windows/${id}`), SAVED)) {
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
        ${this.renderScopeSelect(wards)}
        <label class="field"
          >${t('incident.target')}
          <select name="target">
            <option value="">${t('common.all')}</option>
            ${(value?.targets ?? []).map((tg) => html`<option value=${tg.id}>${tg.name}</option>`)}
          </select>
        </label>
        ${this.renderSubmit(t('common.create'))}
      </form>
      ${this.renderFeedback()}
      <div class="card table-wrap">
        ${
          value && value.windows.length === 0
            ? this.renderEmpty()
            : renderTable(
                [
                  t('maintenance.name'),
                  t('maintenance.startsAt'),
                  t('maintenance.endsAt'),
                  t('maintenance.recurrence'),
                  t('targets.scope'),
                  this.deleteHeader(),
                ],
                (value?.windows ?? []).map(
                  (w) =>
                    html`<tr>
                      <td>${w.name}</td>
                      <td>${formatDateTime(w.startsAt, locale)}</td>
                      <td>${formatDateTime(w.endsAt, locale)}</td>
                      <td>${t(`recurrence.${w.recurrence}`)}</td>
                      <td>
                        ${this.scopeName(names, w.wardId)}${
                          w.target ? html` · <span class="mono">${w.target}</span>` : nothing
                        }
                      </td>
                      <td>${this.renderDelete(() => this.removeWindow(w.id))}</td>
                    </tr>`,
                ),
                'maintenance-list',
              )
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
