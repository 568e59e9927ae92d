import type { RetentionPolicy } from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatNumber } from '../../format/format.js';
import {
  approxSpan,
  formatRetention,
  parseRetention,
  RETENTION_FIELDS,
  type RetentionDraft,
  type RetentionField,
  type RetentionProblem,
} from '../../settings/retention-data.js';
import { baseStyles } from '../styles.js';
import { sectionStyles, SettingsSection, type Feedback } from './section-base.js';

const ROUTE = '/settings/retention';

/** How many days raw records, 5-minute rollups and daily history are kept (admins). */
@customElement('ww-settings-retention')
export class WwSettingsRetention extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    css`
      form {
        display: grid;
        gap: 0.75rem;
      }
      .kinds {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
        gap: 1rem;
      }
      .kind {
        display: grid;
        gap: 0.3rem;
        align-content: start;
      }
      .amount {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .amount input {
        width: 7.5rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--ww-crit);
        outline: 2px solid var(--ww-crit);
      }
      .kind .info {
        font-size: 0.9375rem;
      }
      .kind .banner {
        padding: 0.5rem 0.75rem;
        font-size: 0.9375rem;
      }
    `,
  ];

  @state() private draft: RetentionDraft = { rawDays: '', rollup5mDays: '', historyDays: '' };
  /** What the page's own check found; shown under its field, which is outlined and focused. */
  @state() private problem: RetentionProblem | null = null;

  private readonly policy = new PollController<RetentionPolicy>(
    this,
    async () => {
      const p = await this.api.get<RetentionPolicy>(ROUTE);
      this.draft = formatRetention(p);
      return p;
    },
    10 * 60_000,
  );

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const parsed = parseRetention(this.draft);
    this.feedback = null;
    if ('problem' in parsed) {
      this.problem = parsed.problem;
      await this.focusField(parsed.problem.field, 'form');
      return;
    }
    this.problem = null;
    const saved: Feedback = { key: 'retention.saved', ok: true };
    if (await this.write(() => this.api.put(ROUTE, parsed.policy), saved)) this.policy.reload();
  }

  private describe(problem: RetentionProblem): string {
    const { t, locale } = this.i18n;
    const field = t(`retention.${problem.field}`);
    if (problem.kind === 'notWhole') {
      return t('retention.badDays', { field, max: formatNumber(problem.max, locale, 0) });
    }
    return t('retention.badOrder', {
      field,
      finer: t(`retention.${problem.finer}`),
      days: formatNumber(problem.finerDays, locale, 0),
    });
  }

  private approx(text: string): string {
    const span = approxSpan(Number(text));
    if (!span) return '';
    const one = span.n === 1;
    const key =
      span.unit === 'months'
        ? one
          ? 'retention.approx.month'
          : 'retention.approx.months'
        : one
          ? 'retention.approx.year'
          : 'retention.approx.years';
    return this.i18n.t(key, { n: formatNumber(span.n, this.i18n.locale) });
  }

  private renderKind(field: RetentionField) {
    const { t } = this.i18n;
    const value = this.draft[field];
    const problem = this.problem?.field === field ? this.problem : null;
    return html`<div class="kind" data-field=${field}>
      <label class="field" for=${field}>${t(`retention.${field}`)}</label>
      <div class="amount">
        <input
          id=${field}
          name=${field}
          type="number"
          inputmode="numeric"
          min="1"
          step="1"
          required
          aria-describedby=${problem ? `${field}-problem ${field}-help` : `${field}-help`}
          aria-invalid=${problem ? 'true' : 'false'}
          .value=${value}
          @input=${(e: InputEvent) => {
            this.draft = { ...this.draft, [field]: (e.target as HTMLInputElement).value };
            this.problem = null;
          }}
        />
        <span>${t('retention.unit')}</span>
        <span class="muted" data-testid="approx-${field}">${this.approx(value)}</span>
      </div>
      ${
        problem
          ? this.renderProblem(`${field}-problem`, this.describe(problem), 'retention-problem')
          : nothing
      }
      <p class="info" id="${field}-help">${t(`retention.${field}.help`)}</p>
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    if (this.policy.error && !this.policy.value)
      return this.renderLoadError(this.policy.error, `/api/v1${ROUTE}`);
    if (!this.policy.value) return html`<p class="info">${t('common.loading')}</p>`;
    return html`
      <form class="card" novalidate @submit=${this.save} data-testid="retention-form">
        <p class="info">${t('retention.help')}</p>
        <div class="kinds">${RETENTION_FIELDS.map((f) => this.renderKind(f))}</div>
        <p class="notice">${t('retention.lowering')}</p>
        ${this.renderSubmit(t('common.save'))}
      </form>
      ${this.renderFeedback()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-retention': WwSettingsRetention;
  }
}
