import type { Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, isMissingRoute, type ApiClient } from '../../api/client.js';
import { LocaleController } from '../../controllers/locale-controller.js';
import type { MessageKey, MessageParams } from '../../i18n/i18n.js';

export interface Feedback {
  key: MessageKey;
  params?: MessageParams;
  ok: boolean;
}

/**
 * What every settings section shares: the API, a feedback line after a write, and
 * "the server has no such route" handling. Each section is its own element.
 */
export abstract class SettingsSection extends LitElement {
  @property({ attribute: false }) api!: ApiClient;
  @state() protected feedback: Feedback | null = null;
  @state() protected busy = false;

  protected readonly i18n = new LocaleController(this);

  /**
   * Runs a write; shows success, or what `describe` makes of the failure (by default
   * "forbidden" or the server's message).
   */
  protected async write(
    run: () => Promise<unknown>,
    done: Feedback | null,
    describe: (err: unknown) => Feedback = describeError,
  ): Promise<boolean> {
    this.busy = true;
    this.feedback = null;
    try {
      await run();
      this.feedback = done;
      return true;
    } catch (err) {
      this.feedback = describe(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * A form's submit: `write`s what `action` builds from the form; on success clears the
   * form and runs `after` (a reload, an event).
   */
  protected async submitForm(
    e: SubmitEvent,
    action: (form: HTMLFormElement) => { run: () => Promise<unknown>; done: Feedback },
    after: () => void,
  ): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const { run, done } = action(form);
    if (await this.write(run, done)) {
      form.reset();
      after();
    }
  }

  /** The form's submit button; off while a write runs. */
  protected renderSubmit(label: string) {
    return html`<div>
      <button class="primary" type="submit" ?disabled=${this.busy}>${label}</button>
    </div>`;
  }

  /** A "delete" cell button and its hidden column header. */
  protected renderDelete(onClick: () => void) {
    return html`<button type="button" @click=${onClick}>${this.i18n.t('common.delete')}</button>`;
  }

  protected deleteHeader() {
    return html`<span class="visually-hidden">${this.i18n.t('common.delete')}</span>`;
  }

  protected renderEmpty() {
    return html`<p class="info">${this.i18n.t('settings.empty')}</p>`;
  }

  /** "Which ward": all wards, or one (`wardId`, empty for all); `selected` preselects one. */
  protected renderScopeSelect(wards: readonly Ward[], selected?: string) {
    const { t } = this.i18n;
    return html`<label class="field"
      >${t('targets.scope')}
      <select name="wardId">
        <option value="">${t('targets.allWards')}</option>
        ${wardOptions(wards, selected)}
      </select>
    </label>`;
  }

  /** A scope cell: the ward's name (its id if unknown), or "all wards". */
  protected scopeName(
    names: ReadonlyMap<string, string>,
    wardId: string | null | undefined,
  ): string {
    return wardId ? (names.get(wardId) ?? wardId) : this.i18n.t('targets.allWards');
  }

  protected renderFeedback() {
    const f = this.feedback;
    if (!f) return nothing;
    return html`<p
      class=${f.ok ? 'success' : 'banner'}
      role="status"
      data-testid="settings-feedback"
    >
      ${this.i18n.t(f.key, f.params)}
    </p>`;
  }

  /** A row's edit form, opened under it in a `row-panel` (rowPanelStyles): fields, Save, Cancel. */
  protected renderEditRow(
    colspan: number,
    form: { testId: string; label: string; submit(e: SubmitEvent): void; cancel(): void },
    fields: unknown,
  ) {
    const { t } = this.i18n;
    return html`<tr class="row-panel">
      <td colspan=${colspan}>
        <form @submit=${form.submit} data-testid=${form.testId} aria-label=${form.label}>
          ${fields}
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>
              ${t('common.save')}
            </button>
            <button type="button" @click=${form.cancel}>${t('common.cancel')}</button>
          </div>
        </form>
      </td>
    </tr>`;
  }

  /** The page's own check of one field, shown under it (the field names it in aria-describedby). */
  protected renderProblem(id: string, text: string, testId: string) {
    return html`<p class="banner" role="alert" id=${id} data-testid=${testId}>${text}</p>`;
  }

  /** Focuses a field by name once the render that marked it invalid is done. */
  protected async focusField(name: string, scope: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`${scope} [name="${name}"]`)?.focus();
  }

  protected renderLoadError(err: unknown, route: string) {
    const { t } = this.i18n;
    if (isMissingRoute(err)) {
      return html`<p class="notice" data-testid="section-unavailable">
        ${t('settings.unavailable', { route })}
      </p>`;
    }
    return html`<p class="banner" role="alert">
      ${t('common.loadFailed', { message: String(err) })}
    </p>`;
  }
}

export function describeError(err: unknown): Feedback {
  if (err instanceof ApiError && err.status === 403) return { key: 'common.forbidden', ok: false };
  if (err instanceof ApiError && err.status === 404) {
    return { key: 'common.routeMissing', params: { route: err.message }, ok: false };
  }
  return {
    key: 'common.actionFailed',
    params: { message: err instanceof Error ? err.message : String(err) },
    ok: false,
  };
}

/** Reads a form's fields as trimmed strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) out[k] = String(v).trim();
  return out;
}

export const SAVED: Feedback = { key: 'common.saved', ok: true };

/** A select's ward options; `selected` marks one (a select's value set before its options would not stick). */
export function wardOptions(wards: readonly Ward[], selected?: string) {
  return wards.map(
    (w) => html`<option value=${w.id} ?selected=${w.id === selected}>${w.name}</option>`,
  );
}

/** A section stacks its cards. */
export const sectionStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
`;

/** A form lays its fields in columns at least `minRem` wide. */
export function formColumns(minRem: number) {
  return css`
    form {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, ${unsafeCSS(minRem)}rem), 1fr));
      gap: 0.75rem;
      align-items: end;
    }
  `;
}

/** Row actions, and the panel (an edit form, a confirmation) opened under a table row. */
export const rowPanelStyles = css`
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  tr.row-panel > td {
    background: var(--ww-warn-bg);
  }
  tr.row-panel form {
    padding: 0.25rem 0;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .confirm p {
    margin: 0;
    flex: 1 1 16rem;
  }
  button.danger {
    background: var(--ww-crit);
    border-color: var(--ww-crit);
    color: #fff;
  }
`;
