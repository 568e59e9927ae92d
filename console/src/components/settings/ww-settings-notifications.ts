import {
  INCIDENT_KINDS,
  SEVERITIES,
  type Channel,
  type ChannelCreate,
  type Delivery,
  type Severity,
} from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatDateTime } from '../../format/format.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { formColumns, formValues, SAVED, sectionStyles, SettingsSection } from './section-base.js';

const CHANNEL_KINDS = ['webhook', 'telegram', 'email'] as const;
type ChannelKind = (typeof CHANNEL_KINDS)[number];

interface Rule {
  id: number;
  channelId: number;
  wardIds: string[];
  kinds: string[];
  minSeverity: Severity;
  onClose: boolean;
}

interface NotificationsData {
  channels: Channel[];
  rules: Rule[];
  deliveries: Delivery[];
}

/** Channels (webhook, Telegram, e-mail), the rules that route incidents to them, and deliveries. */
@customElement('ww-settings-notifications')
export class WwSettingsNotifications extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    formColumns(13),
    css`
      section {
        display: grid;
        gap: 0.6rem;
      }
    `,
  ];

  @state() private kind: ChannelKind = 'webhook';

  private readonly data = new PollController<NotificationsData>(
    this,
    async () => {
      const [channels, rules, deliveries] = await Promise.all([
        this.api.get<{ items: Channel[] }>('/notifications/channels'),
        this.api.get<{ items: Rule[] }>('/notifications/rules'),
        this.api.get<{ items: Delivery[] }>('/notifications/deliveries?limit=20'),
      ]);
      return { channels: channels.items, rules: rules.items, deliveries: deliveries.items };
    },
    60_000,
  );

  private channelBody(v: Record<string, string>): ChannelCreate {
    const name = v.name ?? '';
    switch (this.kind) {
      case 'webhook':
        return { name, kind: 'webhook', config: { url: v.url ?? '', secret: v.secret ?? '' } };
      case 'telegram':
        return {
          name,
          kind: 'telegram',
          config: { botToken: v.botToken ?? '', chatId: v.chatId ?? '' },
        };
      case 'email':
        return {
          name,
          kind: 'email',
          config: {
            host: v.host ?? '',
            port: Number(v.port ?? 25),
            from: v.from ?? '',
            to: (v.to ?? '').split(/[\s,;]+/).filter((x) => x !== ''),
          },
        };
      default: {
        const unreachable: never = this.kind;
        return unreachable;
      }
    }
  }

  private async addChannel(e: SubmitEvent): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const body = this.channelBody(formValues(form));
        return { run: () => this.api.post('/notifications/channels', body), done: SAVED };
      },
      () => this.data.reload(),
    );
  }

  private async addRule(e: SubmitEvent): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const data = new FormData(form);
        const kinds = data.getAll('kinds').map(String);
        const body = {
          channelId: Number(data.get('channelId')),
          minSeverity: SEVERITIES.find((s) => s === data.get('minSeverity')) ?? 'warning',
          onClose: data.get('onClose') === 'on',
          ...(kinds.length > 0 && { kinds }),
        };
        return { run: () => this.api.post('/notifications/rules', body), done: SAVED };
      },
      () => this.data.reload(),
    );
  }

  private async del(path: string): Promise<void> {
    if (await this.write(() => this.api.delete(path), SAVED)) this.data.reload();
  }

  override render() {
    const { t, locale } = this.i18n;
    if (this.data.error && !this.data.value)
      return this.renderLoadError(this.data.error, '/api/v1/notifications/channels');
    const value = this.data.value;
    const channelName = new Map((value?.channels ?? []).map((c) => [c.id, c.name]));
    return html`
      ${this.renderFeedback()}
      <section class="card" aria-labelledby="h-channels">
        <h3 id="h-channels">${t('notify.channels')}</h3>
        <form @submit=${this.addChannel} data-testid="channel-form">
          <label class="field"
            >${t('notify.name')}<input name="name" required maxlength="128"
          /></label>
          <label class="field"
            >${t('notify.kind')}
            <select
              @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as ChannelKind)}
            >
              ${CHANNEL_KINDS.map((k) => html`<option value=${k} ?selected=${this.kind === k}>${t(`notify.kind.${k}`)}</option>`)}
            </select>
          </label>
          ${this.renderChannelFields()} ${this.renderSubmit(t('common.create'))}
        </form>
        ${
          value && value.channels.length > 0
            ? html`<div class="table-wrap">
                ${renderTable(
                  [t('notify.name'), t('notify.kind'), t('notify.enabled'), this.deleteHeader()],
                  value.channels.map(
                    (c) =>
                      html`<tr>
                        <td>${c.name}</td>
                        <td>${t(`notify.kind.${c.kind}`)}</td>
                        <td>${c.enabled ? '✓' : '–'}</td>
                        <td>
                          ${this.renderDelete(() => this.del(`/notifications/channels/${c.id}`))}
                        </td>
                      </tr>`,
                  ),
                )}
              </div>`
            : this.renderEmpty()
        }
      </section>
      <section class="card" aria-labelledby="h-rules">
        <h3 id="h-rules">${t('notify.rules')}</h3>
        ${
          value && value.channels.length > 0
            ? html`<form @submit=${this.addRule}>
                <label class="field"
                  >${t('notify.channel')}
                  <select name="channelId">
                    ${value.channels.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
                  </select>
                </label>
                <label class="field"
                  >${t('notify.minSeverity')}
                  <select name="minSeverity">
                    ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${s === 'warning'}>${t(`severity.${s}`)}</option>`)}
                  </select>
                </label>
                <label class="field"
                  >${t('notify.kinds')}
                  <select name="kinds" multiple size="4">
                    ${INCIDENT_KINDS.map((k) => html`<option value=${k}>${t(`kind.${k}`)}</option>`)}
                  </select>
                </label>
                <label><input type="checkbox" name="onClose" /> ${t('notify.onClose')}</label>
                ${this.renderSubmit(t('common.create'))}
              </form>`
            : nothing
        }
        ${
          value && value.rules.length > 0
            ? html`<div class="table-wrap">
                ${renderTable(
                  [
                    t('notify.channel'),
                    t('notify.minSeverity'),
                    t('notify.kinds'),
                    t('notify.onClose'),
                    this.deleteHeader(),
                  ],
                  value.rules.map(
                    (r) =>
                      html`<tr>
                        <td>${channelName.get(r.channelId) ?? r.channelId}</td>
                        <td>${t(`severity.${r.minSeverity}`)}</td>
                        <td>${r.kinds.length === 0 ? t('common.all') : r.kinds.join(', ')}</td>
                        <td>${r.onClose ? '✓' : '–'}</td>
                        <td>
                          ${this.renderDelete(() => this.del(`/notifications/rules/${r.id}`))}
                        </td>
                      </tr>`,
                  ),
                )}
              </div>`
            : this.renderEmpty()
        }
      </section>
      <section class="card" aria-labelledby="h-deliveries">
        <h3 id="h-deliveries">${t('notify.deliveries')}</h3>
        ${
          value && value.deliveries.length > 0
            ? html`<div class="table-wrap">
                ${renderTable(
                  [t('audit.at'), t('notify.channel'), t('notify.subject'), t('incidents.status')],
                  value.deliveries.map(
                    (d) =>
                      html`<tr>
                        <td>${formatDateTime(d.createdAt, locale)}</td>
                        <td>${channelName.get(d.channelId) ?? d.channelId}</td>
                        <td>${d.subject}</td>
                        <td>
                          ${t(`delivery.${d.status}`)}${d.lastError ? html` · <span class="mono">${d.lastError}</span>` : nothing}
                        </td>
                      </tr>`,
                  ),
                )}
              </div>`
            : this.renderEmpty()
        }
      </section>
    `;
  }

  private renderChannelFields() {
    const { t } = this.i18n;
    switch (this.kind) {
      case 'webhook':
        return html`<label class="field"
            >${t('targets.url')}<input name="url" type="url" required
          /></label>
          <label class="field">${t('notify.secret')}<input name="secret" required /></label>`;
      case 'telegram':
        return html`<label class="field"
            >${t('notify.botToken')}<input name="botToken" required
          /></label>
          <label class="field">${t('notify.chatId')}<input name="chatId" required /></label>`;
      case 'email':
        return html`<label class="field"
            >${t('notify.smtpHost')}<input name="host" required
          /></label>
          <label class="field"
            >${t('targets.port')}<input name="port" type="number" value="25" required
          /></label>
          <label class="field"
            >${t('notify.from')}<input name="from" type="email" required
          /></label>
          <label class="field">${t('notify.to')}<input name="to" required /></label>`;
      default: {
        const unreachable: never = this.kind;
        return unreachable;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-notifications': WwSettingsNotifications;
  }
}
