import type {
  DetectorSettingsReply,
  ProbeKind,
  Target,
  TargetCreate,
  Ward,
} from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatNumber } from '../../format/format.js';
import { evidenceRows } from '../../incidents/incident-detail-data.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import { formColumns, formValues, SAVED, sectionStyles, SettingsSection } from './section-base.js';

const PROBES: readonly ProbeKind[] = ['icmp', 'tcp', 'http', 'dns', 'session'];
const REFRESH_MS = 5 * 60_000;

interface TargetsData {
  targets: Target[];
  detector: DetectorSettingsReply | null;
  detectorError: unknown;
}

/** Targets (list, add) and the detector's thresholds (defaults and the global overrides). */
@customElement('ww-settings-targets')
export class WwSettingsTargets extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    formColumns(12),
    css`
      textarea {
        width: 100%;
        min-height: 8rem;
        font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
      }
      .thresholds {
        display: grid;
        gap: 0.5rem;
      }
      details table {
        margin-top: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;
  @state() private overrides = '';

  private readonly data = new PollController<TargetsData>(
    this,
    async () => {
      const targets = await this.api.targets();
      try {
        const detector = await this.api.get<DetectorSettingsReply>('/detector/settings');
        this.overrides = JSON.stringify(detector.settings.global ?? {}, null, 2);
        return { targets, detector, detectorError: null };
      } catch (err) {
        return { targets, detector: null, detectorError: err };
      }
    },
    REFRESH_MS,
  );

  private async addTarget(e: SubmitEvent): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const v = formValues(form);
        const probe = PROBES.find((p) => p === v.probe) ?? 'tcp';
        const body: TargetCreate = {
          name: v.name ?? '',
          probe,
          ...(v.host && { host: v.host }),
          ...(v.port && { port: Number(v.port) }),
          ...(v.url && { url: v.url }),
          ...(v.interval && { intervalMs: Math.round(Number(v.interval) * 1000) }),
          ...(v.wardId && { wardId: v.wardId }),
        };
        return {
          run: () => this.api.createTarget(body),
          done: { key: 'targets.created', params: { name: body.name }, ok: true },
        };
      },
      () => this.data.reload(),
    );
  }

  private async saveOverrides(): Promise<void> {
    let global: unknown;
    try {
      global = JSON.parse(this.overrides || '{}');
    } catch (err) {
      this.feedback = { key: 'common.actionFailed', params: { message: String(err) }, ok: false };
      return;
    }
    const current = this.data.value?.detector?.settings ?? {};
    if (await this.write(() => this.api.put('/detector/settings', { ...current, global }), SAVED)) {
      this.data.reload();
    }
  }

  override render() {
    const { t, locale } = this.i18n;
    const wards = this.wards ?? [];
    const names = new Map(wards.map((w) => [w.id, w.name]));
    const value = this.data.value;
    return html`
      <form class="card" @submit=${this.addTarget} data-testid="target-form">
        <label class="field"
          >${t('targets.name')}<input name="name" required maxlength="128"
        /></label>
        <label class="field"
          >${t('targets.probe')}
          <select name="probe">
            ${PROBES.map((p) => html`<option value=${p} ?selected=${p === 'tcp'}>${t(`probe.${p}`)}</option>`)}
          </select>
        </label>
        <label class="field">${t('targets.host')}<input name="host" maxlength="255" /></label>
        <label class="field"
          >${t('targets.port')}<input name="port" type="number" min="1" max="65535"
        /></label>
        <label class="field">${t('targets.url')}<input name="url" type="url" /></label>
        <label class="field"
          >${t('targets.interval')}<input name="interval" type="number" min="1" step="1" value="30"
        /></label>
        ${this.renderScopeSelect(wards)} ${this.renderSubmit(t('targets.create'))}
      </form>
      ${this.renderFeedback()}
      ${this.data.error && !value ? this.renderLoadError(this.data.error, '/api/v1/targets') : nothing}
      <div class="card table-wrap">
        ${renderTable(
          [
            t('targets.name'),
            t('targets.probe'),
            t('targets.address'),
            t('targets.interval'),
            t('targets.scope'),
          ],
          (value?.targets ?? []).map(
            (tg) =>
              html`<tr>
                <td>${tg.name}</td>
                <td>${t(`probe.${tg.probe}`)}</td>
                <td class="mono">
                  ${tg.url ?? [tg.host, tg.port].filter((x) => x !== undefined).join(':')}
                </td>
                <td>
                  ${t('targets.intervalValue', { seconds: formatNumber(tg.intervalMs / 1000, locale) })}
                </td>
                <td>${this.scopeName(names, tg.wardId)}</td>
              </tr>`,
          ),
          'target-list',
        )}
      </div>
      <section class="card thresholds" aria-labelledby="h-thresholds">
        <h3 id="h-thresholds">${t('targets.thresholds')}</h3>
        ${
          value?.detector
            ? html`<label class="field">
                  ${t('targets.overrides')}
                  <textarea
                    data-testid="threshold-overrides"
                    .value=${this.overrides}
                    @input=${(e: InputEvent) => (this.overrides = (e.target as HTMLTextAreaElement).value)}
                  ></textarea>
                </label>
                <div>
                  <button type="button" ?disabled=${this.busy} @click=${this.saveOverrides}>
                    ${t('common.save')}
                  </button>
                </div>
                <details>
                  <summary>${t('targets.defaults')}</summary>
                  <table>
                    <tbody>
                      ${evidenceRows(
                        value.detector.defaults as unknown as Record<string, unknown>,
                      ).map(
                        (r) =>
                          html`<tr>
                            <th scope="row" class="mono">${r.field}</th>
                            <td class="mono">${r.value}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </details>`
            : value
              ? this.renderLoadError(value.detectorError, '/api/v1/detector/settings')
              : nothing
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-settings-targets': WwSettingsTargets;
  }
}
