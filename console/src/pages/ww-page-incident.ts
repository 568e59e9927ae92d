import type { SessionUser, Ward } from '@wardwatch/shared';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../api/client.js';
import type { IncidentDetail, TimelineEntry } from '../api/types.js';
import { BACK_ICON, LEVEL_ICON } from '../components/icons.js';
import { baseStyles } from '../components/styles.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LiveController } from '../controllers/live-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import { formatDateTime, formatDuration, formatNumber } from '../format/format.js';
import type { MessageKey } from '../i18n/i18n.js';
import { evidenceRows, heldDownSummary, timelineText } from '../incidents/incident-detail-data.js';
import { incidentDurationMs } from '../incidents/incidents-data.js';
import type { LiveSource } from '../live/live-source.js';
import { severityRank } from '../overview/overview-data.js';
import { routePath } from '../router/routes.js';

const REFRESH_MS = 30_000;

interface Feedback {
  key: MessageKey;
  message?: string;
  ok: boolean;
}

/** One incident: facts, evidence, timeline; acknowledge and notes for admins and officers. */
@customElement('ww-page-incident')
export class WwPageIncident extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .back {
        display: inline-flex;
        align-items: center;
        gap: 0.2rem;
      }
      .back svg {
        width: 1.1rem;
        height: 1.1rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        gap: 0.5rem 1rem;
        margin: 0;
      }
      dt {
        font-size: 0.8125rem;
        color: var(--ww-muted);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      section {
        display: grid;
        gap: 0.5rem;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        display: grid;
        gap: 0.4rem;
      }
      .when {
        color: var(--ww-muted);
        font-size: 0.875rem;
        margin-right: 0.5rem;
      }
      .note-text {
        display: block;
        white-space: pre-wrap;
      }
      form {
        display: grid;
        gap: 0.5rem;
      }
      textarea {
        min-height: 4.5rem;
        width: 100%;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) live!: LiveSource;
  @property({ attribute: false }) wards: Ward[] | null = null;
  @property({ attribute: false }) incidentId = 0;
  @property({ attribute: false }) user!: SessionUser;

  @state() private busy = false;
  @state() private feedback: Feedback | null = null;
  @state() private note = '';

  private readonly i18n = new LocaleController(this);
  private readonly clock = new ClockController(this);
  private seenRevision = -1;

  constructor() {
    super();
    new LiveController(this, () => this.live);
  }

  private readonly detail = new PollController<IncidentDetail>(
    this,
    () => this.api.incident(this.incidentId),
    REFRESH_MS,
  );

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('incidentId') && changed.get('incidentId') !== undefined) this.detail.reload();
    if (this.live && this.live.incidentRevision !== this.seenRevision) {
      if (this.seenRevision !== -1) this.detail.reload();
      this.seenRevision = this.live.incidentRevision;
    }
  }

  private async act(run: () => Promise<unknown>, done: MessageKey): Promise<void> {
    this.busy = true;
    this.feedback = null;
    try {
      await run();
      this.feedback = { key: done, ok: true };
      this.detail.reload();
    } catch (err) {
      this.feedback =
        err instanceof ApiError && err.status === 403
          ? { key: 'common.forbidden', ok: false }
          : { key: 'common.actionFailed', message: String(err), ok: false };
    } finally {
      this.busy = false;
    }
  }

  private acknowledge(): void {
    void this.act(() => this.api.acknowledgeIncident(this.incidentId), 'incidents.acked');
  }

  private saveNote(e: SubmitEvent): void {
    e.preventDefault();
    const text = this.note.trim();
    if (!text) return;
    void this.act(async () => {
      await this.api.annotateIncident(this.incidentId, text);
      this.note = '';
    }, 'common.saved');
  }

  override render() {
    const { t, locale } = this.i18n;
    const back = html`<a class="back" href=${routePath({ page: 'incidents' })}
      >${BACK_ICON}${t('incident.back')}</a
    >`;
    const err = this.detail.error;
    const value = this.detail.value;
    if (!value) {
      if (err instanceof ApiError && err.status === 404) {
        return html`${back}
          <p class="notice" role="alert" data-testid="incident-not-found">
            ${t('incident.notFound', { id: String(this.incidentId) })}
          </p>`;
      }
      return html`${back}
        <p class="info" role="status">
          ${err ? t('common.loadFailed', { message: String(err) }) : t('common.loading')}
        </p>`;
    }
    // A push carries the freshest state (e.g. closed a moment ago).
    const inc = this.live.openIncidents.get(value.incident.id) ?? value.incident;
    const wardName = this.wards?.find((w) => w.id === inc.wardId)?.name ?? inc.wardId;
    const level =
      severityRank(inc.severity) >= 3
        ? 'critical'
        : severityRank(inc.severity) === 2
          ? 'warning'
          : 'info';
    const nowMs = this.clock.nowMs + this.live.serverOffsetMs;
    const canWrite = this.user.role !== 'viewer';
    const notes = value.timeline.filter((e) => e.type === 'note');
    const evidence = evidenceRows(inc.evidence, inc.detail);
    const held = heldDownSummary(inc.detail, nowMs);
    return html`
      ${back}
      <h2 data-testid="incident-title">
        ${t('incident.title', { kind: t(`kind.${inc.kind}`), ward: wardName })}
      </h2>
      <div class="card">
        <dl>
          <div>
            <dt>${t('incidents.status')}</dt>
            <dd data-testid="incident-status">
              ${inc.endedAt === null ? t('status.open') : t('status.closed')}
            </dd>
          </div>
          <div>
            <dt>${t('incident.started')}</dt>
            <dd>${formatDateTime(inc.startedAt, locale)}</dd>
          </div>
          <div>
            <dt>${t('incident.ended')}</dt>
            <dd>
              ${inc.endedAt === null ? t('incident.ongoing') : formatDateTime(inc.endedAt, locale)}
            </dd>
          </div>
          <div>
            <dt>${t('incident.duration')}</dt>
            <dd>${formatDuration(incidentDurationMs(inc, nowMs), locale)}</dd>
          </div>
          ${
            held
              ? html`<div>
                  <dt>${t('incident.heldDown')}</dt>
                  <dd data-testid="incident-held-down">
                    ${t(held.downNow ? 'incident.heldDownNow' : 'incident.heldDownValue', {
                      runs: formatNumber(held.runs, locale),
                      total: formatDuration(held.totalMs, locale),
                    })}
                  </dd>
                </div>`
              : nothing
          }
          <div>
            <dt>${t('incidents.attribution')}</dt>
            <dd>${t(`attribution.${inc.attribution}`)}</dd>
          </div>
          <div>
            <dt>${t('severity.label')}</dt>
            <dd>
              <span class="lvl lvl-${level}"
                >${LEVEL_ICON[level]}${t(`severity.${inc.severity}`)}</span
              >
            </dd>
          </div>
          <div>
            <dt>${t('incidents.ward')}</dt>
            <dd><a href=${routePath({ page: 'ward', wardId: inc.wardId })}>${wardName}</a></dd>
          </div>
          ${inc.stationId ? this.fact(t('incident.station'), inc.stationId) : nothing}
          ${inc.target ? this.fact(t('incident.target'), inc.target) : nothing}
          ${inc.category ? this.fact(t('incident.category'), inc.category) : nothing}
          <div>
            <dt>${t('incidents.colAck')}</dt>
            <dd data-testid="incident-ack">
              ${
                inc.acknowledged
                  ? `✓ ${t('incidents.acked')}${inc.acknowledgedBy ? ` (${inc.acknowledgedBy})` : ''}`
                  : t('incidents.notAcked')
              }
            </dd>
          </div>
        </dl>
      </div>
      ${
        canWrite
          ? html`<div class="actions">
              ${
                inc.acknowledged
                  ? nothing
                  : html`<button
                      class="primary"
                      type="button"
                      data-testid="acknowledge"
                      ?disabled=${this.busy}
                      @click=${this.acknowledge}
                    >
                      ${this.busy ? t('incident.acknowledging') : t('incident.acknowledge')}
                    </button>`
              }
              ${
                this.feedback
                  ? html`<p class=${this.feedback.ok ? 'success' : 'banner'} role="status">
                      ${t(this.feedback.key, { message: this.feedback.message ?? '' })}
                    </p>`
                  : nothing
              }
            </div>`
          : html`<p class="info">${t('incident.readOnly')}</p>`
      }
      <section class="card" aria-labelledby="h-evidence">
        <h3 id="h-evidence">${t('incident.evidence')}</h3>
        ${
          evidence.length === 0
            ? html`<p class="info">${t('incident.noEvidence')}</p>`
            : html`<div class="table-wrap">
                <table data-testid="incident-evidence">
                  <tbody>
                    ${evidence.map(
                      (r) =>
                        html`<tr>
                          <th scope="row" class="mono">${r.field}</th>
                          <td class="mono">${r.value}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </section>
      <section class="card" aria-labelledby="h-timeline">
        <h3 id="h-timeline">${t('incident.timeline')}</h3>
        <ol data-testid="incident-timeline">
          ${value.timeline.map((e) => this.renderEntry(e))}
        </ol>
      </section>
      <section class="card" aria-labelledby="h-notes">
        <h3 id="h-notes">${t('incident.notes')}</h3>
        ${notes.length === 0 ? html`<p class="info">${t('incident.noNotes')}</p>` : nothing}
        ${
          canWrite
            ? html`<form @submit=${this.saveNote}>
                <label class="field">
                  ${t('incident.noteLabel')}
                  <textarea
                    data-testid="note-text"
                    maxlength="2000"
                    .value=${this.note}
                    placeholder=${t('incident.notePlaceholder')}
                    @input=${(e: InputEvent) => (this.note = (e.target as HTMLTextAreaElement).value)}
                  ></textarea>
                </label>
                <div>
                  <button
                    type="submit"
                    data-testid="save-note"
                    ?disabled=${this.busy || !this.note.trim()}
                  >
                    ${t('incident.saveNote')}
                  </button>
                </div>
              </form>`
            : nothing
        }
      </section>
    `;
  }

  private fact(label: string, value: string) {
    return html`<div>
      <dt>${label}</dt>
      <dd class="mono">${value}</dd>
    </div>`;
  }

  private renderEntry(e: TimelineEntry) {
    const { t, locale } = this.i18n;
    const text = timelineText(e);
    return html`<li data-type=${e.type}>
      <span class="when">${formatDateTime(e.at, locale)}</span>
      <strong>${t(text.key, { user: e.username ?? '', type: e.type })}</strong>
      ${text.note ? html`<span class="note-text">${text.note}</span>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-page-incident': WwPageIncident;
  }
}
