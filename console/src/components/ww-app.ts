import type { Role, SessionUser, Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiClient, ApiError, type Session } from '../api/client.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { RouteController } from '../controllers/route-controller.js';
import { LOCALES, type MessageKey } from '../i18n/i18n.js';
import { setLocale } from '../i18n/locale-store.js';
import { discardEarlySocket, takeEarlySocket, type EarlySocket } from '../live/early-socket.js';
import { LiveSource } from '../live/live-source.js';
import { interceptLinkClick, navigate } from '../router/navigation.js';
import { navSection, routePath, type NavSection, type Route } from '../router/routes.js';
import { getTheme, setTheme, THEMES, type Theme } from '../theme/theme-store.js';
import type { LoginSucceededEvent } from './events.js';
import { baseStyles } from './styles.js';
import './ww-login-page.js';
// The landing pages are in the first bundle; the others (and chart.js, which only the ward
// page's SmokePing charts use) load on first visit, so the board parses less before it paints.
import '../pages/ww-page-overview.js';
import '../pages/ww-page-officer.js';

const LAZY_PAGES: Partial<Record<Route['page'], () => Promise<unknown>>> = {
  ward: () => import('../pages/ww-page-ward.js'),
  incidents: () => import('../pages/ww-page-incidents.js'),
  incident: () => import('../pages/ww-page-incident.js'),
  equipment: () => import('../pages/ww-page-equipment.js'),
  reports: () => import('../pages/ww-page-reports.js'),
  settings: () => import('../pages/ww-page-settings.js'),
};
type PageModule = 'loaded' | 'loading' | 'failed';
const pageModules = new Map<Route['page'], PageModule>();

/**
 * Whether a page's element is defined; if not, starts loading its module (after a failure
 * only when `retry`, i.e. on a new visit) and calls `changed` when the load settles. A page
 * is rendered only once defined: an element upgraded after connecting would run its
 * controllers before Lit restores the properties set on it.
 */
function pageModule(page: Route['page'], retry: boolean, changed: () => void): PageModule {
  const load = LAZY_PAGES[page];
  if (!load) return 'loaded';
  const state = pageModules.get(page);
  if (state === 'loaded' || state === 'loading' || (state === 'failed' && !retry)) return state;
  pageModules.set(page, 'loading');
  load()
    .then(
      () => pageModules.set(page, 'loaded'),
      () => pageModules.set(page, 'failed'),
    )
    .finally(changed);
  return 'loading';
}

type Phase = 'checking' | 'login' | 'signed_in';

const ROLE_NAME: Record<Role, MessageKey> = {
  admin: 'role.admin',
  officer: 'role.officer',
  viewer: 'role.viewer',
};

const LANGUAGE_NAME: Record<(typeof LOCALES)[number], MessageKey> = {
  vi: 'lang.viName',
  en: 'lang.enName',
};

const THEME_NAME: Record<Theme, MessageKey> = {
  auto: 'theme.auto',
  light: 'theme.light',
  dark: 'theme.dark',
};

interface NavItem {
  section: NavSection;
  href: string;
  label: MessageKey;
}

/** The sections a role may open (the server enforces the same on every route). */
export function navFor(user: SessionUser): NavItem[] {
  const overview: NavItem = {
    section: 'overview',
    href: '/',
    label: user.role === 'officer' ? 'nav.myWard' : 'nav.overview',
  };
  const incidents: NavItem = { section: 'incidents', href: '/incidents', label: 'nav.incidents' };
  const equipment: NavItem = { section: 'equipment', href: '/equipment', label: 'nav.equipment' };
  const reports: NavItem = { section: 'reports', href: '/reports', label: 'nav.reports' };
  const settings: NavItem = { section: 'settings', href: '/settings', label: 'nav.settings' };
  switch (user.role) {
    case 'officer':
      return [overview, incidents];
    case 'viewer':
      return [overview, incidents, equipment, reports];
    case 'admin':
      return [overview, incidents, equipment, reports, settings];
    default: {
      const unreachable: never = user.role;
      return unreachable;
    }
  }
}

const WARDS_REFRESH_MS = 5 * 60_000;

/**
 * The shell: header (product, navigation, language, theme, user, logout), the live-connection
 * banner, and the page of the current route — or the login page.
 */
@customElement('ww-app')
export class WwApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        font-size: 1rem;
        line-height: 1.5;
      }
      .skip {
        position: absolute;
        left: -999px;
        top: 0;
        background: var(--ww-surface);
        padding: 0.5rem 1rem;
        z-index: 10;
      }
      .skip:focus {
        left: 0.5rem;
      }
      header {
        background: var(--ww-surface);
        border-bottom: 1px solid var(--ww-border);
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.6rem 1rem;
        max-width: 90rem;
        margin: 0 auto;
      }
      .brand {
        margin-right: auto;
      }
      h1 {
        margin: 0;
        font-size: 1.375rem;
        color: var(--ww-accent);
      }
      .tagline {
        margin: 0;
        font-size: 0.875rem;
        color: var(--ww-muted);
      }
      .user {
        font-size: 0.9375rem;
        color: var(--ww-muted);
      }
      .seg {
        display: inline-flex;
        border: 1px solid var(--ww-border-strong);
        border-radius: 6px;
        overflow: hidden;
      }
      .seg button {
        border: 0;
        border-radius: 0;
        font-weight: 500;
        min-height: 2.5rem;
        padding: 0.25rem 0.7rem;
      }
      .seg button[aria-pressed='true'] {
        font-weight: 700;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0 1rem;
        list-style: none;
        max-width: 90rem;
        margin: 0 auto;
      }
      nav a {
        display: inline-block;
        padding: 0.6rem 0.9rem;
        color: var(--ww-text);
        text-decoration: none;
        font-weight: 600;
        border-bottom: 3px solid transparent;
      }
      nav a[aria-current='page'] {
        color: var(--ww-accent);
        border-bottom-color: var(--ww-accent);
      }
      main {
        max-width: 90rem;
        margin: 0 auto;
        padding: 1rem;
        display: grid;
        gap: 1rem;
      }
      main > * {
        min-width: 0;
      }
      @media (max-width: 40rem) {
        .tagline,
        .user {
          display: none;
        }
        nav ul {
          padding: 0 0.25rem;
          gap: 0;
          flex-wrap: nowrap;
          overflow-x: auto;
        }
        nav a {
          white-space: nowrap;
        }
        nav a {
          padding: 0.5rem 0.6rem;
        }
        main {
          padding: 0.75rem;
        }
      }
    `,
  ];

  @state() private phase: Phase = 'checking';
  @state() private session: Session | null = null;
  @state() private notice: MessageKey | null = null;
  @state() private wards: Ward[] | null = null;
  @state() private theme: Theme = getTheme();

  private readonly i18n = new LocaleController(this);
  private readonly router = new RouteController(this);
  private readonly api = new ApiClient();
  /** One live source per page load; it connects only while someone is signed in. */
  private readonly live = new LiveSource({ onRefused: () => this.checkSession() });
  private wardsTimer: ReturnType<typeof setInterval> | undefined;
  /** The page rendered last: opening another one retries a page module that failed to load. */
  private shownPage: Route['page'] | null = null;

  constructor() {
    super();
    // Re-renders the shell (banner) on live changes; registered with the host, not kept.
    new LiveController(this, () => this.live);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.i18n.locale;
    this.addEventListener('click', interceptLinkClick);
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('click', interceptLinkClick);
    this.signedOut();
  }

  private async restoreSession(): Promise<void> {
    // Beside the session check, not after it (index.html preloads both); dropped if signed out.
    const wards = this.api.wards();
    wards.catch(() => undefined);
    let session: Session;
    try {
      session = await this.api.me();
    } catch (err) {
      // The page's early socket belongs to no one now (a later login may be someone else).
      discardEarlySocket();
      this.phase = 'login';
      if (!(err instanceof ApiError && err.status === 401)) this.notice = 'error.network';
      return;
    }
    // The same cookie opened the page's early socket: it is this session's.
    this.signedIn(session, takeEarlySocket(), wards);
  }

  private signedIn(
    session: Session,
    early: EarlySocket | null = null,
    wards: Promise<Ward[]> = this.api.wards(),
  ): void {
    this.session = session;
    this.notice = null;
    this.phase = 'signed_in';
    this.live.start(early);
    this.loadWards(wards);
    clearInterval(this.wardsTimer);
    this.wardsTimer = setInterval(() => this.loadWards(), WARDS_REFRESH_MS);
  }

  private signedOut(): void {
    this.live.stop();
    clearInterval(this.wardsTimer);
    this.session = null;
    this.wards = null;
  }

  private loadWards(pending = this.api.wards()): void {
    pending.then(
      (wards) => (this.wards = wards),
      () => {
        // The pages show their own load errors; the ward names come back on the next try.
      },
    );
  }

  private checkSession(): void {
    this.api.me().then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) this.onSessionExpired();
      },
    );
  }

  private onLoggedIn(e: LoginSucceededEvent): void {
    discardEarlySocket();
    this.signedIn(e.detail);
  }

  private onSessionExpired(): void {
    this.signedOut();
    this.notice = 'login.expired';
    this.phase = 'login';
  }

  private async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The cookie may already be gone; the login page is the right place either way.
    }
    this.signedOut();
    this.notice = null;
    this.phase = 'login';
    navigate('/', { replace: true });
  }

  private chooseTheme(theme: Theme): void {
    setTheme(theme);
    this.theme = theme;
  }

  override render() {
    const { t } = this.i18n;
    const user = this.session?.user;
    return html`
      <a class="skip" href="#main">${t('app.skip')}</a>
      <header>
        <div class="bar">
          <div class="brand">
            <h1>${t('app.name')}</h1>
            <p class="tagline">${t('app.tagline')}</p>
          </div>
          <div class="seg" role="group" aria-label=${t('lang.label')}>
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
          <label class="visually-hidden" for="theme">${t('theme.label')}</label>
          <select
            id="theme"
            data-testid="theme"
            title=${t('theme.label')}
            @change=${(e: Event) =>
              this.chooseTheme((e.target as HTMLSelectElement).value as Theme)}
          >
            ${THEMES.map(
              (th) =>
                html`<option value=${th} ?selected=${this.theme === th}>
                  ${t(THEME_NAME[th])}
                </option>`,
            )}
          </select>
          ${
            user
              ? html`<span class="user" data-testid="signed-in-user"
                    >${t('auth.signedInAs', {
                      username: user.username,
                      role: t(ROLE_NAME[user.role]),
                    })}</span
                  >
                  <button type="button" data-testid="logout" @click=${this.logout}>
                    ${t('auth.logout')}
                  </button>`
              : nothing
          }
        </div>
        ${user ? this.renderNav(user) : nothing}
      </header>
      <main id="main" tabindex="-1">${this.renderPhase()}</main>
    `;
  }

  private renderNav(user: SessionUser) {
    const { t } = this.i18n;
    const current = navSection(this.router.route);
    return html`<nav aria-label=${t('nav.label')}>
      <ul>
        ${navFor(user).map(
          (item) =>
            html`<li>
              <a
                href=${item.href}
                data-testid="nav-${item.section}"
                aria-current=${current === item.section ? 'page' : 'false'}
                >${t(item.label)}</a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
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
      case 'signed_in':
        return html`${this.renderLiveBanner()}${this.renderPage(this.router.route)}`;
      default: {
        const unreachable: never = this.phase;
        return unreachable;
      }
    }
  }

  private renderLiveBanner() {
    const { t } = this.i18n;
    const live = this.live;
    if (live.status === 'lost') {
      return html`<p class="banner" role="alert" data-testid="live-lost">
        ${t('board.liveLost')}
      </p>`;
    }
    if (live.status === 'connecting') {
      return html`<p class="info" role="status">${t('board.connecting')}</p>`;
    }
    return nothing;
  }

  private renderPage(route: Route) {
    const user = this.session?.user;
    const live = this.live;
    if (!user) return nothing;
    const { t } = this.i18n;
    const newVisit = route.page !== this.shownPage;
    this.shownPage = route.page;
    switch (pageModule(route.page, newVisit, () => this.requestUpdate())) {
      case 'loading':
        return html`<p role="status">${t('app.loading')}</p>`;
      case 'failed':
        return html`<p class="banner" role="alert">${t('error.network')}</p>`;
      case 'loaded':
        break;
    }
    const wards = this.wards;
    const officer = user.role === 'officer';
    switch (route.page) {
      case 'overview':
        return officer
          ? html`<ww-page-officer
              .api=${this.api}
              .live=${live}
              .wards=${wards}
              .user=${user}
            ></ww-page-officer>`
          : html`<ww-page-overview
              .api=${this.api}
              .live=${live}
              .wards=${wards}
            ></ww-page-overview>`;
      case 'ward':
        if (officer && route.wardId !== user.wardId) {
          return html`<p class="banner" role="alert" data-testid="ward-forbidden">
            ${t('ward.forbidden')}
          </p>`;
        }
        return html`<ww-page-ward
          .api=${this.api}
          .live=${live}
          .wards=${wards}
          .wardId=${route.wardId}
          .user=${user}
        ></ww-page-ward>`;
      case 'incidents':
        return html`<ww-page-incidents
          .api=${this.api}
          .live=${live}
          .wards=${wards}
          .user=${user}
        ></ww-page-incidents>`;
      case 'incident':
        return html`<ww-page-incident
          .api=${this.api}
          .live=${live}
          .wards=${wards}
          .incidentId=${Number(route.incidentId)}
          .user=${user}
        ></ww-page-incident>`;
      case 'equipment':
        return officer
          ? this.notAllowed()
          : html`<ww-page-equipment
              .api=${this.api}
              .live=${live}
              .wards=${wards}
            ></ww-page-equipment>`;
      case 'reports':
        return officer
          ? this.notAllowed()
          : html`<ww-page-reports .api=${this.api} .wards=${wards}></ww-page-reports>`;
      case 'settings':
        return user.role !== 'admin'
          ? html`<p class="banner" role="alert" data-testid="settings-forbidden">
              ${t('settings.adminOnly')}
            </p>`
          : html`<ww-page-settings
              .api=${this.api}
              .live=${live}
              .wards=${wards}
              .section=${route.section}
              .user=${user}
              @ww-wards-changed=${() => this.loadWards()}
              @ww-session-ended=${() => this.checkSession()}
            ></ww-page-settings>`;
      case 'not_found':
        return html`<p class="notice" role="alert">${t('page.notFound', { path: route.path })}</p>
          <p><a href=${routePath({ page: 'overview' })}>${t('page.goHome')}</a></p>`;
      default: {
        const unreachable: never = route;
        return unreachable;
      }
    }
  }

  private notAllowed() {
    return html`<p class="banner" role="alert">${this.i18n.t('common.forbidden')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-app': WwApp;
  }
}
