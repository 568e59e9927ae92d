import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../api/client.js';
import { LocaleController } from '../controllers/locale-controller.js';
import type { MessageKey, MessageParams } from '../i18n/i18n.js';

interface Message {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * Username and password form.
 *
 * @fires ww-login-succeeded - with the session, after the server accepted the login
 */
@customElement('ww-login-page')
export class WwLoginPage extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    form {
      max-width: 24rem;
      margin: 2rem auto;
      padding: 1.5rem;
      background: var(--ww-surface);
      border: 1px solid var(--ww-border);
      border-radius: 8px;
      display: grid;
      gap: 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1.375rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
      font-weight: 600;
    }
    input {
      font: inherit;
      font-weight: 400;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--ww-border-strong);
      background: var(--ww-surface);
      color: var(--ww-text);
      border-radius: 6px;
    }
    button {
      font: inherit;
      font-weight: 600;
      min-height: 2.75rem;
      border: 0;
      border-radius: 6px;
      background: var(--ww-accent);
      color: var(--ww-accent-text);
      cursor: pointer;
    }
    button[disabled] {
      opacity: 0.7;
      cursor: progress;
    }
    input:focus-visible,
    button:focus-visible {
      outline: 3px solid var(--ww-focus);
      outline-offset: 1px;
    }
    .error,
    .notice {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: 6px;
    }
    .error {
      background: var(--ww-crit-bg);
      color: var(--ww-crit);
      border: 1px solid currentColor;
    }
    .notice {
      background: var(--ww-warn-bg);
      color: var(--ww-warn);
      border: 1px solid currentColor;
    }
  `;

  @property({ attribute: false }) api!: ApiClient;
  /** A message to show above the form (e.g. the session expired). */
  @property({ attribute: false }) notice: MessageKey | null = null;

  // Kept as a key, not text, so a language switch re-translates it.
  @state() private error: Message | null = null;
  @state() private busy = false;

  private readonly i18n = new LocaleController(this);

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    this.busy = true;
    this.error = null;
    try {
      const session = await this.api.login(username, password);
      this.dispatchEvent(
        new CustomEvent('ww-login-succeeded', { detail: session, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.error = this.describe(err);
    } finally {
      this.busy = false;
    }
  }

  private describe(err: unknown): Message {
    if (err instanceof ApiError) {
      if (err.status === 401 || err.status === 400) return { key: 'login.invalid' };
      if (err.code === 'network') return { key: 'error.network' };
      return { key: 'error.generic', params: { message: err.message } };
    }
    return { key: 'error.generic', params: { message: String(err) } };
  }

  override render() {
    const { t } = this.i18n;
    return html`
      <form @submit=${this.submit} aria-labelledby="login-title" data-testid="login-form">
        <h2 id="login-title">${t('login.title')}</h2>
        ${
          this.notice && !this.error
            ? html`<p class="notice" role="status">${t(this.notice)}</p>`
            : nothing
        }
        ${
          this.error
            ? html`<p class="error" role="alert" data-testid="login-error">
                ${t(this.error.key, this.error.params)}
              </p>`
            : nothing
        }
        <label>
          ${t('login.username')}
          <input name="username" autocomplete="username" required autofocus />
        </label>
        <label>
          ${t('login.password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" ?disabled=${this.busy}>
          ${this.busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-login-page': WwLoginPage;
  }
}
