import type { Ward } from '@wardwatch/shared';
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { formColumns, formValues, sectionStyles, SettingsSection } from './section-base.js';

/**
 * Wards: the list and a form to add one.
 *
 * @fires ww-wards-changed - after a ward was added
 */
@customElement('ww-settings-wards')
export class WwSettingsWards extends SettingsSection {
  static override styles = [baseStyles, sectionStyles, formColumns(14)];

  @property({ attribute: false }) wards: Ward[] | null = null;

  private async submit(e: SubmitEvent): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const v = formValues(form);
        const ward: Ward = {
          id: v.id ?? '',
          name: v.name ?? '',
          ...(v.district && { district: v.district }),
        };
        return {
          run: () => this.api.createWard(ward),
          done: { key: 'wards.created', params: { name: ward.name }, ok: true },
        };
      },
      () =>
        this.dispatchEvent(
          new CustomEvent('ww-wards-changed', { detail: null, bubbles: true, composed: true }),
        ),
    );
  }

  override render() {
    const { t } = this.i18n;
    return html`
      <form class="card" @submit=${this.submit} data-testid="ward-form">
        <label class="field">
          ${t('wards.id')}
          <input name="id" required pattern="[a-z0-9][a-z0-9\\-]{0,63}" autocomplete="off" />
        </label>
        <label class="field">
          ${t('wards.name')}
          <input name="name" required maxlength="128" />
        </label>
        <label class="field">
          ${t('wards.district')}
          <input name="district" maxlength="128" />
        </label>
        ${this.renderSubmit(t('wards.create'))}
      </form>
      ${this.renderFeedback()}
      <div class="card table-wrap">
        ${renderTable(
          [t('wards.id'), t('wards.name'), t('wards.district')],
          (this.wards ?? []).map(
            (w) =>
              html`<tr>
                <td class="mono">${w.id}</td>
                <td>${w.name}</td>
                <td>${w.district ?? ''}</td>
              </tr>`,
          ),
          'ward-list',
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-wards': WwSettingsWards;
  }
}
