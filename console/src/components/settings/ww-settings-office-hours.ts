import { WEEKDAYS, type OfficeCalendar } from '@wardwatch/shared';
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatRanges, parseHolidays, parseRanges } from '../../settings/settings-data.js';
import { baseStyles } from '../styles.js';
import { SAVED, sectionStyles, SettingsSection } from './section-base.js';

/** Monday first, as a Vietnamese week reads. */
const WEEK_ORDER = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly (typeof WEEKDAYS)[number][];

/** Office hours per weekday and the holiday list (availability is computed over these). */
@customElement('ww-settings-office-hours')
export class WwSettingsOfficeHours extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    css`
      form {
        display: grid;
        gap: 0.6rem;
      }
      .days {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
        gap: 0.6rem;
      }
      textarea {
        min-height: 5rem;
        width: 100%;
      }
    `,
  ];

  @state() private draft: Record<string, string> = {};
  @state() private holidays = '';

  private readonly calendar = new PollController<OfficeCalendar>(
    this,
    async () => {
      const cal = await this.api.get<OfficeCalendar>('/calendar');
      this.draft = Object.fromEntries(WEEKDAYS.map((d) => [d, formatRanges(cal.week[d])]));
      this.holidays = cal.holidays.join('\n');
      return cal;
    },
    10 * 60_000,
  );

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cal = this.calendar.value;
    if (!cal) return;
    const week = { ...cal.week };
    for (const d of WEEKDAYS) {
      const ranges = parseRanges(this.draft[d] ?? '');
      if (!ranges) {
        this.feedback = {
          key: 'hours.badRanges',
          params: { day: this.i18n.t(`day.${d}`) },
          ok: false,
        };
        return;
      }
      week[d] = ranges;
    }
    const holidays = parseHolidays(this.holidays);
    if (!holidays) {
      this.feedback = { key: 'hours.badHolidays', ok: false };
      return;
    }
    if (await this.write(() => this.api.put('/calendar', { ...cal, week, holidays }), SAVED)) {
      this.calendar.reload();
    }
  }

  override render() {
    const { t } = this.i18n;
    if (this.calendar.error && !this.calendar.value)
      return this.renderLoadError(this.calendar.error, '/api/v1/calendar');
    const cal = this.calendar.value;
    if (!cal) return html`<p class="info">${t('common.loading')}</p>`;
    return html`
      <form class="card" @submit=${this.save} data-testid="hours-form">
        <p class="info">${t('hours.help', { zone: cal.timeZone })}</p>
        <div class="days">
          ${WEEK_ORDER.map(
            (d) =>
              html`<label class="field">
                ${t(`day.${d}`)}
                <input
                  .value=${this.draft[d] ?? ''}
                  placeholder=${t('hours.closed')}
                  @input=${(e: InputEvent) => (this.draft = { ...this.draft, [d]: (e.target as HTMLInputElement).value })}
                />
              </label>`,
          )}
        </div>
        <label class="field">
          ${t('hours.holidays')}
          <textarea
            .value=${this.holidays}
            @input=${(e: InputEvent) => (this.holidays = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        ${this.renderSubmit(t('common.save'))}
      </form>
      ${this.renderFeedback()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-office-hours': WwSettingsOfficeHours;
  }
}
