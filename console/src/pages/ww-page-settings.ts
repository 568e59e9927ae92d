import type { SessionUser, Ward } from '@wardwatch/shared';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import type { ListColumn } from '../components/settings/ww-settings-list.js';
import '../components/settings/ww-settings-list.js';
import '../components/settings/ww-settings-maintenance.js';
import '../components/settings/ww-settings-notifications.js';
import '../components/settings/ww-settings-office-hours.js';
import '../components/settings/ww-settings-retention.js';
import '../components/settings/ww-settings-stations.js';
import '../components/settings/ww-settings-targets.js';
import '../components/settings/ww-settings-users.js';
import '../components/settings/ww-settings-wards.js';
import { baseStyles } from '../components/styles.js';
import { LocaleController } from '../controllers/locale-controller.js';
import type { LiveSource } from '../live/live-source.js';
import { routePath, SETTINGS_SECTIONS, type SettingsSection } from '../router/routes.js';

const AUDIT_COLUMNS: readonly ListColumn[] = [
  { field: 'at', label: 'audit.at', isTime: true },
  { field: 'username', label: 'audit.user' },
  { field: 'action', label: 'audit.action' },
  { field: 'detail', label: 'audit.detail' },
];

/** Cài đặt (admins): a section list and the chosen section. */
@customElement('ww-page-settings')
export class WwPageSettings extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(12rem, 16rem) 1fr;
        gap: 1rem;
        align-items: start;
      }
      h2 {
        grid-column: 1 / -1;
      }
      nav ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.15rem;
      }
      nav a {
        display: block;
        padding: 0.5rem 0.75rem;
        border-radius: 6px;
        color: var(--ww-text);
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: var(--ww-accent);
        color: var(--ww-accent-text);
        font-weight: 700;
      }
      .body {
        display: grid;
        gap: 1rem;
        min-width: 0;
      }
      @media (max-width: 48rem) {
        :host {
          grid-template-columns: 1fr;
        }
        nav ul {
          display: flex;
          flex-wrap: wrap;
          gap: 0.25rem;
        }
        nav a {
          border: 1px solid var(--ww-border);
          padding: 0.35rem 0.6rem;
          font-size: 0.9375rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) section: SettingsSection = 'wards';
  /** The signed-in admin (the users section keeps them from deleting themselves). */
  @property({ attribute: false }) user: SessionUser | null = null;

  private readonly i18n = new LocaleController(this);

  override render() {
    const { t } = this.i18n;
    return html`
      <h2>${t('settings.title')}</h2>
      <nav aria-label=${t('settings.sections')}>
        <ul>
          ${SETTINGS_SECTIONS.map(
            (s) =>
              html`<li>
                <a
                  href=${routePath({ page: 'settings', section: s })}
                  data-testid="settings-${s}"
                  aria-current=${this.section === s ? 'page' : 'false'}
                  >${t(`settings.${s}`)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <div class="body">
        <h3>${t(`settings.${this.section}`)}</h3>
        ${this.renderSection()}
      </div>
    `;
  }

  private renderSection() {
    switch (this.section) {
      case 'wards':
        return html`<ww-settings-wards .api=${this.api} .wards=${this.wards}></ww-settings-wards>`;
      case 'stations':
        return html`<ww-settings-stations
          .api=${this.api}
          .wards=${this.wards}
          .live=${this.live}
        ></ww-settings-stations>`;
      case 'targets':
        return html`<ww-settings-targets
          .api=${this.api}
          .wards=${this.wards}
        ></ww-settings-targets>`;
      case 'maintenance':
        return html`<ww-settings-maintenance
          .api=${this.api}
          .wards=${this.wards}
        ></ww-settings-maintenance>`;
      case 'office-hours':
        return html`<ww-settings-office-hours .api=${this.api}></ww-settings-office-hours>`;
      case 'retention':
        return html`<ww-settings-retention .api=${this.api}></ww-settings-retention>`;
      case 'notifications':
        return html`<ww-settings-notifications .api=${this.api}></ww-settings-notifications>`;
      case 'users':
        return html`<ww-settings-users
          .api=${this.api}
          .wards=${this.wards}
          .user=${this.user}
        ></ww-settings-users>`;
      case 'audit':
        return html`<ww-settings-list
          .api=${this.api}
          .path=${'/audit'}
          .columns=${AUDIT_COLUMNS}
        ></ww-settings-list>`;
      default: {
        const unreachable: never = this.section;
        return unreachable;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-settings': WwPageSettings;
  }
}
