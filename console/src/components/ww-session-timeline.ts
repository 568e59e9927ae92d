import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { formatDateTime, formatDuration } from '../format/format.js';
import type { SessionDrop } from '../ward/ward-data.js';
import { baseStyles } from './styles.js';
import { renderTable } from './table.js';

const SHOWN_ROWS = 20;

/** Session drops over a period: marks on a time strip, and the latest ones as a table. */
@customElement('ww-session-timeline')
export class WwSessionTimeline extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
      }
      .strip {
        position: relative;
        height: 1.75rem;
        background: var(--ww-ok-bg);
        border: 1px solid var(--ww-border);
        border-radius: 4px;
      }
      .mark {
        position: absolute;
        top: 0.15rem;
        bottom: 0.15rem;
        min-width: 3px;
        background: var(--ww-crit);
        border-radius: 1px;
      }
      .ends {
        display: flex;
        justify-content: space-between;
        font-size: 0.8125rem;
        color: var(--ww-muted);
      }
    `,
  ];

  @property({ attribute: false }) drops: readonly SessionDrop[] = [];
  @property({ attribute: false }) fromMs = 0;
  @property({ attribute: false }) toMs = 1;

  private readonly i18n = new LocaleController(this);

  override render() {
    const { t, locale } = this.i18n;
    const span = Math.max(1, this.toMs - this.fromMs);
    const pct = (ms: number) => Math.min(100, Math.max(0, ((ms - this.fromMs) / span) * 100));
    const latest = [...this.drops].sort((a, b) => b.endedAt - a.endedAt).slice(0, SHOWN_ROWS);
    return html`
      <div
        class="strip"
        role="img"
        data-testid="session-strip"
        aria-label=${t('session.timelineLabel', { count: this.drops.length })}
      >
        ${this.drops.map((d) => {
          const left = pct(d.endedAt);
          const right = pct(d.endedAt + (d.reconnectMs ?? 0));
          return html`<span
            class="mark"
            style="left:${left}%;width:${Math.max(0, right - left)}%"
            title=${formatDateTime(d.endedAt, locale)}
          ></span>`;
        })}
      </div>
      <div class="ends" aria-hidden="true">
        <span>${formatDateTime(this.fromMs, locale)}</span>
        <span>${formatDateTime(this.toMs, locale)}</span>
      </div>
      ${
        latest.length === 0
          ? html`<p class="info">${t('ward.noSessions')}</p>`
          : html`<div class="table-wrap">
              ${renderTable(
                [t('session.when'), t('session.what'), t('session.cause'), t('session.outage')],
                latest.map(
                  (d) =>
                    html`<tr>
                      <td>${formatDateTime(d.endedAt, locale)}</td>
                      <td>
                        ${
                          d.session === 'server'
                            ? t('session.server')
                            : t('session.service', { target: d.targetName ?? '' })
                        }
                      </td>
                      <td>${d.cause ? t(`cause.${d.cause}`) : t('common.unknown')}</td>
                      <td>
                        ${d.reconnectMs === null ? nothing : formatDuration(d.reconnectMs, locale)}
                      </td>
                    </tr>`,
                ),
              )}
            </div>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-session-timeline': WwSessionTimeline;
  }
}
