import type { Ward, WardPatch } from '@wardwatch/shared';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import {
  formColumns,
  formValues,
  rowPanelStyles,
  sectionStyles,
  SettingsSection,
} from './section-base.js';

/**
 * Wards: the list, a form to add one, and an edit form per ward (name and district; the id
 * stays).
 *
 * @fires ww-wards-changed - after a ward was added or edited
 */
@customElement('ww-settings-wards')
export class WwSettingsWards extends SettingsSection {
  static override styles = [baseStyles, sectionStyles, rowPanelStyles, formColumns(14)];

  @property({ attribute: false }) wards: Ward[] | null = null;
  /** The ward whose edit form is open. */
  @state() private editing: string | null = null;

  private changed(): void {
    this.dispatchEvent(
      new CustomEvent('ww-wards-changed', { detail: null, bubbles: true, composed: true }),
    );
  }

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
      () => this.changed(),
    );
  }

  private async edit(e: SubmitEvent, id: string): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const v = formValues(form);
        const patch: WardPatch = { name: v.name ?? '', district: v.district || null };
        return {
          run: () => this.api.updateWard(id, patch),
          done: { key: 'wards.updated', params: { name: patch.name ?? id }, ok: true },
        };
      },
      () => {
        this.editing = null;
        this.changed();
      },
    );
  }

  private toggleEdit(id: string | null): void {
    this.feedback = null;
    this.editing = id;
  }

  /** Name and district: the add form's and each ward's edit form (filled in from `w`). */
  private renderFields(w?: Ward) {
    const { t } = this.i18n;
    return html`<label class="field">
        ${t('wards.name')}
        <input name="name" required maxlength="128" value=${w?.name ?? ''} />
      </label>
      <label class="field">
        ${t('wards.district')}
        <input name="district" maxlength="128" value=${w?.district ?? ''} />
      </label>`;
  }

  private renderEdit(w: Ward) {
    if (this.editing !== w.id) return nothing;
    return this.renderEditRow(
      4,
      {
        testId: 'ward-edit-form',
        label: this.i18n.t('wards.editTitle', { name: w.name }),
        submit: (e) => this.edit(e, w.id),
        cancel: () => this.toggleEdit(null),
      },
      this.renderFields(w),
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
        ${this.renderFields()} ${this.renderSubmit(t('wards.create'))}
      </form>
      ${this.renderFeedback()}
      <div class="card table-wrap">
        ${renderTable(
          [
            t('wards.id'),
            t('wards.name'),
            t('wards.district'),
            html`<span class="visually-hidden">${t('common.edit')}</span>`,
          ],
          (this.wards ?? []).map(
            (w) =>
              html`<tr data-ward=${w.id}>
                  <td class="mono">${w.id}</td>
                  <td>${w.name}</td>
                  <td>${w.district ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      aria-expanded=${this.editing === w.id ? 'true' : 'false'}
                      aria-label=${t('wards.editTitle', { name: w.name })}
                      @click=${() => this.toggleEdit(this.editing === w.id ? null : w.id)}
                    >
                      ${t('common.edit')}
                    </button>
                  </td>
                </tr>
                ${this.renderEdit(w)}`,
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
