import type { Role, SessionUser, User, Ward } from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../api/client.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatDateTime } from '../../format/format.js';
import {
  parseAccess,
  parseNewUser,
  parsePassword,
  passwordLimits,
  sortUsers,
  userRefusal,
  USER_ROLES,
  type AccessDraft,
  type UserAction,
  type UserDraft,
  type UserProblem,
} from '../../settings/users-data.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import {
  describeError,
  formColumns,
  sectionStyles,
  SettingsSection,
  wardOptions,
  type Feedback,
} from './section-base.js';

type FormId = 'user-form' | 'access-form' | 'password-form';

const EMPTY_DRAFT: UserDraft = { username: '', role: 'officer', wardId: '', password: '' };
const REFRESH_MS = 60_000;

/**
 * Console accounts (admins): the list with role and ward; create one; change its role and
 * ward, set a new password or delete it (confirmed) in a dialog. The server ends the
 * sessions of an account it changes or deletes.
 *
 * @fires ww-session-ended - after the signed-in admin changed their own account
 */
@customElement('ww-settings-users')
export class WwSettingsUsers extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    formColumns(13),
    css`
      section,
      form {
        align-items: start;
      }
      section {
        display: grid;
        gap: 0.75rem;
      }
      h4 {
        margin: 0;
        font-size: 1rem;
      }
      .cell {
        display: grid;
        gap: 0.3rem;
        align-content: start;
      }
      .cell .info {
        font-size: 0.875rem;
      }
      .cell .banner {
        padding: 0.5rem 0.75rem;
        font-size: 0.9375rem;
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.25rem;
        align-items: center;
      }
      input[aria-invalid='true'],
      select[aria-invalid='true'] {
        border-color: var(--ww-crit);
        outline: 2px solid var(--ww-crit);
      }
      .actions label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .actions input[type='checkbox'] {
        width: 1.15rem;
        height: 1.15rem;
        min-height: 0;
        margin: 0;
      }
      /* Usernames break at their hyphens and dots, not inside a word. */
      td .mono {
        overflow-wrap: normal;
      }
      /* A phone keeps the columns that matter: who, what role, which ward. */
      @media (max-width: 40rem) {
        td.created,
        table[data-testid='user-list'] th:nth-child(4) {
          display: none;
        }
        th,
        td {
          padding-inline: 0.3rem;
        }
        td .you {
          display: block;
          margin-left: 0;
        }
        td.actions-cell button {
          padding-inline: 0.6rem;
        }
      }
      .you {
        margin-left: 0.4rem;
        font-size: 0.8125rem;
        color: var(--ww-muted);
      }
      td.actions-cell {
        text-align: right;
        white-space: nowrap;
      }
      dialog {
        width: min(38rem, calc(100vw - 1.5rem));
        max-height: calc(100dvh - 1.5rem);
        box-sizing: border-box;
        padding: 1rem;
        border: 1px solid var(--ww-border-strong);
        border-radius: 10px;
        background: var(--ww-bg);
        color: var(--ww-text);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      dialog > div {
        display: grid;
        gap: 0.75rem;
      }
      .dialog-head {
        display: flex;
        justify-content: space-between;
        align-items: start;
        gap: 0.75rem;
      }
      button.danger {
        background: var(--ww-crit);
        border-color: var(--ww-crit);
        color: var(--ww-surface);
      }
      button.danger-outline {
        color: var(--ww-crit);
        border-color: var(--ww-crit);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;
  /** The signed-in admin: their own account cannot be deleted here. */
  @property({ attribute: false }) user: SessionUser | null = null;

  @state() private draft: UserDraft = EMPTY_DRAFT;
  /** What the page's own check found; shown under its field, which is outlined and focused. */
  @state() private problem: { form: FormId; problem: UserProblem } | null = null;
  @state() private showPasswords = false;
  /** The account open in the dialog. */
  @state() private selected: User | null = null;
  @state() private access: AccessDraft = { role: '', wardId: '' };
  @state() private newPassword = '';
  @state() private confirmingDelete = false;

  @query('dialog') private dialog!: HTMLDialogElement | null;

  private readonly users = new PollController<User[]>(this, () => this.api.users(), REFRESH_MS);

  override updated(): void {
    if (this.selected && this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  /** The server's refusal in words for this action, or the generic failure line. */
  private refusal(action: UserAction, username: string) {
    return (err: unknown): Feedback => {
      const refusal = err instanceof ApiError ? userRefusal(action, err.status) : null;
      if (refusal === 'gone' || refusal === 'wardGone') this.users.reload();
      return refusal
        ? { key: `users.refused.${refusal}`, params: { username }, ok: false }
        : describeError(err);
    };
  }

  /** Shows a problem of the page's own check under its field and focuses that field. */
  private async flag(form: FormId, problem: UserProblem): Promise<void> {
    this.feedback = null;
    this.problem = { form, problem };
    await this.focusField(problem.field, `[data-testid="${form}"]`);
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const parsed = parseNewUser(this.draft);
    if ('problem' in parsed) return this.flag('user-form', parsed.problem);
    this.problem = null;
    const { username } = parsed.body;
    const done: Feedback = { key: 'users.createdOk', params: { username }, ok: true };
    const run = () => this.api.createUser(parsed.body);
    if (await this.write(run, done, this.refusal('create', username))) {
      this.draft = EMPTY_DRAFT;
      this.users.reload();
    }
  }

  private open(user: User): void {
    this.selected = user;
    this.access = { role: user.role, wardId: user.wardId ?? '' };
    this.newPassword = '';
    this.confirmingDelete = false;
    this.problem = null;
    this.feedback = null;
  }

  /** Closed (saved, Close, Esc): a refusal shown in the dialog goes with it; a success stays. */
  private onDialogClose(): void {
    this.selected = null;
    if (this.problem?.form !== 'user-form') this.problem = null;
    if (this.feedback && !this.feedback.ok) this.feedback = null;
  }

  /** After a change to `username` went through: reload, close, and leave if it was us. */
  private changed(username: string): void {
    this.users.reload();
    this.dialog?.close();
    if (username === this.user?.username) {
      this.dispatchEvent(
        new CustomEvent('ww-session-ended', { detail: null, bubbles: true, composed: true }),
      );
    }
  }

  private async saveAccess(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const user = this.selected;
    if (!user) return;
    const parsed = parseAccess(this.access);
    if ('problem' in parsed) return this.flag('access-form', parsed.problem);
    this.problem = null;
    const { username } = user;
    const done: Feedback = { key: 'users.savedOk', params: { username }, ok: true };
    const run = () => this.api.updateUser(username, parsed);
    if (await this.write(run, done, this.refusal('access', username))) this.changed(username);
  }

  private async savePassword(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const user = this.selected;
    if (!user) return;
    const parsed = parsePassword(this.newPassword);
    if ('problem' in parsed) return this.flag('password-form', parsed.problem);
    this.problem = null;
    const { username } = user;
    const done: Feedback = { key: 'users.passwordOk', params: { username }, ok: true };
    const run = () => this.api.setUserPassword(username, parsed.password);
    if (await this.write(run, done, this.refusal('password', username))) this.changed(username);
  }

  private async askDelete(): Promise<void> {
    this.confirmingDelete = true;
    this.feedback = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-testid="user-delete-cancel"]')?.focus();
  }

  private async deleteSelected(): Promise<void> {
    const user = this.selected;
    if (!user) return;
    const { username } = user;
    const done: Feedback = { key: 'users.deletedOk', params: { username }, ok: true };
    const run = () => this.api.deleteUser(username);
    if (await this.write(run, done, this.refusal('delete', username))) this.changed(username);
    else this.confirmingDelete = false;
  }

  private describe(problem: UserProblem): string {
    const { t } = this.i18n;
    if (problem.kind === 'password') {
      return t('users.problem.password', { min: problem.min, max: problem.max });
    }
    return t(`users.problem.${problem.kind}`);
  }

  /** `aria-*` for a field, and the problem under it when the last check was about it. */
  private check(form: FormId, field: UserProblem['field']) {
    const p = this.problem?.form === form && this.problem.problem.field === field;
    const id = `${form}-${field}-problem`;
    return {
      invalid: p ? 'true' : 'false',
      describedBy: p ? id : nothing,
      problem:
        p && this.problem
          ? this.renderProblem(id, this.describe(this.problem.problem), 'user-problem')
          : nothing,
    };
  }

  private roleName(role: Role): string {
    return this.i18n.t(`users.roleName.${role}`);
  }

  private wardName(wardId: string | null): string {
    if (!wardId) return this.i18n.t('users.everyWard');
    return this.wards?.find((w) => w.id === wardId)?.name ?? wardId;
  }

  /** The role select with what the role may do, and the ward select only officers use. */
  private renderAccessFields(form: FormId, value: AccessDraft, set: (v: AccessDraft) => void) {
    const { t } = this.i18n;
    const role = USER_ROLES.find((r) => r === value.role);
    const isOfficer = role === 'officer';
    const roleCheck = this.check(form, 'role');
    const wardCheck = this.check(form, 'wardId');
    const edit = (patch: Partial<AccessDraft>) => {
      set({ ...value, ...patch });
      if (this.problem?.form === form) this.problem = null;
    };
    return html`<div class="cell">
        <label class="field" for="${form}-role">${t('users.role')}</label>
        <select
          id="${form}-role"
          name="role"
          .value=${live(value.role)}
          aria-invalid=${roleCheck.invalid}
          aria-describedby="${form}-role-help"
          @change=${(e: Event) => edit({ role: (e.target as HTMLSelectElement).value })}
        >
          ${USER_ROLES.map((r) => html`<option value=${r} ?selected=${r === value.role}>${this.roleName(r)}</option>`)}
        </select>
        ${roleCheck.problem}
        <p class="info" id="${form}-role-help">${role ? t(`users.roleHelp.${role}`) : ''}</p>
      </div>
      <div class="cell">
        <label class="field" for="${form}-wardId">${t('users.ward')}</label>
        <select
          id="${form}-wardId"
          name="wardId"
          .value=${live(isOfficer ? value.wardId : '')}
          ?disabled=${!isOfficer}
          aria-invalid=${wardCheck.invalid}
          aria-describedby=${wardCheck.describedBy}
          @change=${(e: Event) => edit({ wardId: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${!isOfficer || value.wardId === ''}>
            ${isOfficer ? t('users.pickWard') : t('users.everyWard')}
          </option>
          ${isOfficer ? wardOptions(this.wards ?? [], value.wardId) : nothing}
        </select>
        ${wardCheck.problem}
      </div>`;
  }

  private renderPasswordField(
    form: FormId,
    label: string,
    value: string,
    set: (v: string) => void,
  ) {
    const { t } = this.i18n;
    const c = this.check(form, 'password');
    return html`<div class="cell">
      <label class="field" for="${form}-password">${label}</label>
      <input
        id="${form}-password"
        name="password"
        type=${this.showPasswords ? 'text' : 'password'}
        autocomplete="new-password"
        aria-invalid=${c.invalid}
        aria-describedby="${c.problem === nothing ? '' : `${form}-password-problem `}${form}-password-help"
        .value=${value}
        @input=${(e: InputEvent) => {
          set((e.target as HTMLInputElement).value);
          if (this.problem?.form === form) this.problem = null;
        }}
      />
      ${c.problem}
      <p class="info" id="${form}-password-help">
        ${t('users.passwordHelp', { min: passwordLimits().min })}
      </p>
    </div>`;
  }

  private renderShowPasswords() {
    return html`<label
      ><input
        type="checkbox"
        .checked=${this.showPasswords}
        @change=${(e: Event) => (this.showPasswords = (e.target as HTMLInputElement).checked)}
      />
      ${this.i18n.t('users.showPassword')}</label
    >`;
  }

  private renderCreate() {
    const { t } = this.i18n;
    const username = this.check('user-form', 'username');
    return html`<section class="card" aria-labelledby="h-new-user">
      <h3 id="h-new-user">${t('users.newTitle')}</h3>
      <form novalidate @submit=${this.create} data-testid="user-form">
        <div class="cell">
          <label class="field" for="user-form-username">${t('users.username')}</label>
          <input
            id="user-form-username"
            name="username"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            maxlength="64"
            aria-invalid=${username.invalid}
            aria-describedby="${username.problem === nothing ? '' : 'user-form-username-problem '}user-form-username-help"
            .value=${this.draft.username}
            @input=${(e: InputEvent) => {
              this.draft = { ...this.draft, username: (e.target as HTMLInputElement).value };
              if (this.problem?.form === 'user-form') this.problem = null;
            }}
          />
          ${username.problem}
          <p class="info" id="user-form-username-help">${t('users.usernameHelp')}</p>
        </div>
        ${this.renderAccessFields('user-form', this.draft, (v) => (this.draft = { ...this.draft, ...v }))}
        ${this.renderPasswordField('user-form', t('users.initialPassword'), this.draft.password, (password) => (this.draft = { ...this.draft, password }))}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t('users.create')}</button>
          ${this.renderShowPasswords()}
        </div>
      </form>
      ${this.selected ? nothing : this.renderFeedback()}
    </section>`;
  }

  private renderList() {
    const { t, locale } = this.i18n;
    const items = this.users.value;
    if (this.users.error && !items) return this.renderLoadError(this.users.error, '/api/v1/users');
    if (!items) return html`<p class="info">${t('common.loading')}</p>`;
    return html`<section class="card" aria-labelledby="h-users">
      <h3 id="h-users">${t('users.list', { count: items.length })}</h3>
      <div class="table-wrap">
        ${renderTable(
          [
            t('users.username'),
            t('users.role'),
            t('users.ward'),
            t('users.createdAt'),
            html`<span class="visually-hidden">${t('users.actions')}</span>`,
          ],
          sortUsers(items).map(
            (u) =>
              html`<tr data-username=${u.username}>
                <td>
                  <span class="mono">${u.username}</span>${
                    u.username === this.user?.username
                      ? html`<span class="you">(${t('users.you')})</span>`
                      : nothing
                  }
                </td>
                <td data-testid="user-role">${this.roleName(u.role)}</td>
                <td data-testid="user-ward" class=${u.wardId ? '' : 'muted'}>
                  ${this.wardName(u.wardId)}
                </td>
                <td class="created">${formatDateTime(u.createdAt, locale)}</td>
                <td class="actions-cell">
                  <button
                    type="button"
                    data-testid="user-edit"
                    aria-label=${t('users.editLabel', { username: u.username })}
                    @click=${() => this.open(u)}
                  >
                    ${t('users.edit')}
                  </button>
                </td>
              </tr>`,
          ),
          'user-list',
        )}
      </div>
    </section>`;
  }

  private renderDeleteBlock(user: User) {
    const { t } = this.i18n;
    if (user.username === this.user?.username) {
      return html`<p class="info">${t('users.cannotDeleteSelf')}</p>`;
    }
    if (!this.confirmingDelete) {
      return html`<div>
        <button
          type="button"
          class="danger-outline"
          data-testid="user-delete"
          @click=${this.askDelete}
        >
          ${t('users.delete')}
        </button>
      </div>`;
    }
    return html`<p class="notice" role="alert" data-testid="user-delete-question">
        ${t('users.deleteConfirm', { username: user.username })}
      </p>
      <div class="row">
        <button
          type="button"
          class="danger"
          data-testid="user-delete-confirm"
          ?disabled=${this.busy}
          @click=${this.deleteSelected}
        >
          ${t('users.deleteYes')}
        </button>
        <button
          type="button"
          data-testid="user-delete-cancel"
          @click=${() => (this.confirmingDelete = false)}
        >
          ${t('users.cancel')}
        </button>
      </div>`;
  }

  private renderDialog() {
    const user = this.selected;
    if (!user) return nothing;
    const { t } = this.i18n;
    const isSelf = user.username === this.user?.username;
    return html`<dialog
      aria-labelledby="h-user"
      data-testid="user-dialog"
      @close=${this.onDialogClose}
    >
      <div>
        <div class="dialog-head">
          <div>
            <h3 id="h-user">${t('users.dialogTitle', { username: user.username })}</h3>
            <p class="info">${this.roleName(user.role)} · ${this.wardName(user.wardId)}</p>
          </div>
          <button
            type="button"
            data-testid="user-dialog-close"
            @click=${() => this.dialog?.close()}
          >
            ${t('users.close')}
          </button>
        </div>
        <p class=${isSelf ? 'notice' : 'info'}>
          ${isSelf ? t('users.selfNote') : t('users.signsOut')}
        </p>
        ${this.renderFeedback()}
        <section class="card" aria-labelledby="h-access">
          <h4 id="h-access">${t('users.accessTitle')}</h4>
          <form novalidate @submit=${this.saveAccess} data-testid="access-form">
            ${this.renderAccessFields('access-form', this.access, (v) => (this.access = v))}
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.busy}>
                ${t('common.save')}
              </button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="h-password">
          <h4 id="h-password">${t('users.passwordTitle')}</h4>
          <form novalidate @submit=${this.savePassword} data-testid="password-form">
            ${this.renderPasswordField('password-form', t('users.newPassword'), this.newPassword, (v) => (this.newPassword = v))}
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.busy}>
                ${t('users.setPassword')}
              </button>
              ${this.renderShowPasswords()}
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="h-delete" data-testid="delete-block">
          <h4 id="h-delete">${t('users.deleteTitle')}</h4>
          ${this.renderDeleteBlock(user)}
        </section>
      </div>
    </dialog>`;
  }

  override render() {
    return html`${this.renderCreate()} ${this.renderList()} ${this.renderDialog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-users': WwSettingsUsers;
  }
}
