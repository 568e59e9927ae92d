import type { EnrollmentTokenReply, Ward } from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveController } from '../../controllers/live-controller.js';
import { formatDateTime, formatRelative } from '../../format/format.js';
import type { LiveSource } from '../../live/live-source.js';
import { enrollCommand } from '../../settings/settings-data.js';
import { COPY_ICON } from '../icons.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { sectionStyles, SettingsSection, wardOptions } from './section-base.js';

/** Workstations: issue a one-time enrollment token with its ready-to-paste agent command. */
@customElement('ww-settings-stations')
export class WwSettingsStations extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      .issued {
        display: grid;
        gap: 0.5rem;
      }
      pre {
        margin: 0;
        padding: 0.6rem 0.75rem;
        background: var(--ww-surface-2);
        border: 1px solid var(--ww-border);
        border-radius: 6px;
        white-space: pre-wrap;
        word-break: break-all;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: start;
        flex-wrap: wrap;
      }
      .row pre {
        flex: 1 1 18rem;
      }
      button svg {
        width: 1rem;
        height: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) live!: LiveSource;

  @state() private issued: (EnrollmentTokenReply & { wardId: string }) | null = null;
  @state() private copied = false;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private async issue(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const wardId = String(new FormData(e.currentTarget as HTMLFormElement).get('wardId') ?? '');
    if (!wardId) return;
    this.issued = null;
    this.copied = false;
    await this.write(
      async () => (this.issued = { ...(await this.api.createEnrollmentToken(wardId)), wardId }),
      null,
    );
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = true;
    } catch {
      // No clipboard permission (plain http): the command stays selectable.
      this.copied = false;
    }
  }

  override render() {
    const { t, locale } = this.i18n;
    const wards = this.wards ?? [];
    const names = new Map(wards.map((w) => [w.id, w.name]));
    const stations = [...this.live.stations.values()].sort(
      (a, b) => a.wardId.localeCompare(b.wardId) || a.hostname.localeCompare(b.hostname),
    );
    const issued = this.issued;
    const command = issued ? enrollCommand(location.origin, issued.token) : '';
    return html`
      <section class="card issued" aria-labelledby="h-enroll">
        <h3 id="h-enroll">${t('stations.enrollTitle')}</h3>
        <p class="info">${t('stations.enrollHelp')}</p>
        <form @submit=${this.issue} data-testid="enroll-form">
          <label class="field">
            ${t('stations.ward')}
            <select name="wardId" required data-testid="enroll-ward">
              ${wardOptions(wards)}
            </select>
          </label>
          <button
            class="primary"
            type="submit"
            data-testid="issue-token"
            ?disabled=${this.busy || wards.length === 0}
          >
            ${t('stations.issue')}
          </button>
        </form>
        ${this.renderFeedback()}
        ${
          issued
            ? html`<div class="issued" data-testid="issued-token">
                <strong
                  >${t('stations.token')} · ${names.get(issued.wardId) ?? issued.wardId}</strong
                >
                <pre class="mono" data-testid="token-value">${issued.token}</pre>
                <span class="muted"
                  >${t('stations.expires', { time: formatDateTime(issued.expiresAt, locale) })}</span
                >
                <strong>${t('stations.command')}</strong>
                <div class="row">
                  <pre class="mono" data-testid="enroll-command">${command}</pre>
                  <button
                    type="button"
                    data-testid="copy-command"
                    @click=${() => this.copy(command)}
                  >
                    ${COPY_ICON}${this.copied ? t('common.copied') : t('common.copy')}
                  </button>
                </div>
              </div>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="h-stations">
        <h3 id="h-stations">${t('stations.list')}</h3>
        <div class="table-wrap">
          ${renderTable(
            [t('stations.host'), t('stations.ward'), t('stations.state'), t('station.lastSeen')],
            stations.map(
              (s) =>
                html`<tr>
                  <td class="mono">${s.hostname}</td>
                  <td>${names.get(s.wardId) ?? s.wardId}</td>
                  <td class=${s.online ? 'lvl-ok' : 'lvl-critical'}>
                    ${s.online ? `● ${t('station.online')}` : `○ ${t('station.offline')}`}
                  </td>
                  <td>
                    ${
                      s.lastSeenAt === null
                        ? t('station.neverSeen')
                        : formatRelative(s.lastSeenAt, Date.now(), locale, t('time.justNow'))
                    }
                  </td>
                </tr>`,
            ),
            'station-list',
          )}
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-stations': WwSettingsStations;
  }
}
