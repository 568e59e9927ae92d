import type { Role } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiClient, ApiError, type Session } from '../api/client.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { LOCALES, type MessageKey } from '../i18n/i18n.js';
import { setLocale } from '../i18n/locale-store.js';
import type { LoginSucceededEvent } from './events.js';
import './ww-board.js';
import './ww-login-page.js';

type Phase = 'checking' | 'login' | 'board';

const ROLE_NAME: Record<Role, MessageKey> = {
  admin: 'role.admin',
  officer: 'role.officer',
  viewer: 'role.viewer',
};

const LANGUAGE_NAME: Record<(typeof LOCALES)[number], MessageKey> = {
  vi: 'lang.viName',
  en: 'lang.enName',
};

/**
 * The shell: header (product name, language switch, user, logout) and either the login
 * page or the live board.
 */
@customElement('ww-app')
export class WwApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 100vh;
      font-size: 1rem;
      line-height: 1.5;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.75rem 1rem;
      background: #ffffff;
      border-bottom: 1px solid #d5dbe3;
    }
    .brand {
      margin-right: auto;
    }
    h1 {
      margin: 0;
      font-size: 1.375rem;
      color: #0b4f9c;
    }
    .tagline {
      margin: 0;
      font-size: 0.875rem;
      color: #4a5567;
    }
    .user {
      font-size: 0.9375rem;
      color: #333f50;
    }
    .lang {
      display: inline-flex;
      border: 1px solid #9aa7b8;
      border-radius: 6px;
      overflow: hidden;
    }
    button {
      font: inherit;
      cursor: pointer;
      min-height: 2.5rem;
      padding: 0.25rem 0.75rem;
      border: 0;
      background: #ffffff;
      color: #1b2430;
    }
    .lang button[aria-pressed='true'] {
      background: #0b4f9c;
      color: #ffffff;
      font-weight: 600;
    }
    .logout {
      border: 1px solid #9aa7b8;
      border-radius: 6px;
    }
    button:focus-visible {
      outline: 3px solid #f0a500;
      outline-offset: 1px;
    }
    main {
      max-width: 80rem;
      margin: 0 auto;
      padding: 1rem;
    }
  `;

  @state() private phase: Phase = 'checking';
  @state() private session: Session | null = null;
  @state() private notice: MessageKey | null = null;

  private readonly i18n = new LocaleController(this);
  private readonly api = new ApiClient();

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.i18n.locale;
    void this.restoreSession();
  }

  private async restoreSession(): Promise<void> {
    try {
      this.session = await this.api.me();
      this.phase = 'board';
    } catch (err) {
      this.phase = 'login';
      if (!(err instanceof ApiError && err.status === 401)) this.notice = 'error.network';
    }
  }

  private onLoggedIn(e: LoginSucceededEvent): void {
    this.session = e.detail;
    this.notice = null;
    this.phase = 'board';
  }

  private onSessionExpired(): void {
    this.session = null;
    this.notice = 'login.expired';
    this.phase = 'login';
  }

  private async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The cookie may already be gone; the login page is the right place either way.
    }
    this.session = null;
    this.notice = null;
    this.phase = 'login';
  }

  override render() {
    const { t } = this.i18n;
    const user = this.session?.user;
    return html`
      <header>
        <div class="brand">
          <h1>${t('app.name')}</h1>
          <p class="tagline">${t('app.tagline')}</p>
        </div>
        <div class="lang" role="group" aria-label=${t('lang.label')}>
          ${LOCALES.map(
            (l) =>
              html`<button
                type="button"
                lang=${l}
                aria-pressed=${this.i18n.locale === l ? 'true' : 'false'}
                aria-label=${t(LANGUAGE_NAME[l])}
                title=${t(LANGUAGE_NAME[l])}
                data-testid="lang-${l}"
                @click=${() => setLocale(l)}
              >
                ${t(l === 'vi' ? 'lang.vi' : 'lang.en')}
              </button>`,
          )}
        </div>
        ${
          user
            ? html`<span class="user"
                  >${t('auth.signedInAs', {
                    username: user.username,
                    role: t(ROLE_NAME[user.role]),
                  })}</span
                >
                <button class="logout" type="button" data-testid="logout" @click=${this.logout}>
                  ${t('auth.logout')}
                </button>`
            : nothing
        }
      </header>
      <main>${this.renderPhase()}</main>
    `;
  }

  private renderPhase() {
    switch (this.phase) {
      case 'checking':
        return html`<p role="status">${this.i18n.t('app.loading')}</p>`;
      case 'login':
        return html`<ww-login-page
          .api=${this.api}
          .notice=${this.notice}
          @ww-login-succeeded=${this.onLoggedIn}
        ></ww-login-page>`;
      case 'board':
        return html`<ww-board
          .api=${this.api}
          @ww-session-expired=${this.onSessionExpired}
        ></ww-board>`;
      default: {
        const unreachable: never = this.phase;
        return unreachable;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-app': WwApp;
  }
}
