import type { Ward } from '@wardwatch/shared';
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from '../styles.js';
import { formValues, SettingsSection } from './section-base.js';

/**
 * Wards: the list and a form to add one.
 *
 * @fires ww-wards-changed - after a ward was added
 */
@customElement('ww-settings-wards')
export class WwSettingsWards extends SettingsSection {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem;
        align-items: end;
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const v = formValues(form);
    const ward: Ward = {
      id: v.id ?? '',
      name: v.name ?? '',
      ...(v.district && { district: v.district }),
    };
    const ok = await this.write(() => this.api.createWard(ward), {
      key: 'wards.created',
      params: { name: ward.name },
      ok: true,
    });
    if (ok) {
      form.reset();
      this.dispatchEvent(
        new CustomEvent('ww-wards-changed', { detail: null, bubbles: true, composed: true }),
      );
    }
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
        <div>
          <button class="primary" type="submit" ?disabled=${this.busy}>${t('wards.create')}</button>
        </div>
      </form>
      ${this.renderFeedback()}
      <div class="card table-wrap">
        <table data-testid="ward-list">
          <thead>
            <tr>
              <th scope="col">${t('wards.id')}</th>
              <th scope="col">${t('wards.name')}</th>
              <th scope="col">${t('wards.district')}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.wards ?? []).map(
              (w) =>
                html`<tr>
                  <td class="mono">${w.id}</td>
                  <td>${w.name}</td>
                  <td>${w.district ?? ''}</td>
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
    'ww-settings-wards': WwSettingsWards;
  }
}
