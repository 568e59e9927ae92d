import type { DetectorSettingsReply, Target, Ward } from '@wardwatch/shared';
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PollController } from '../../controllers/poll-controller.js';
import { formatNumber } from '../../format/format.js';
import { evidenceRows } from '../../incidents/incident-detail-data.js';
import { PROBES, targetCreateFromForm, targetPatchFromForm } from '../../settings/target-form.js';
import { baseStyles } from '../styles.js';
import { renderTable } from '../table.js';
import {
  formColumns,
  formValues,
  rowPanelStyles,
  SAVED,
  sectionStyles,
  SettingsSection,
} from './section-base.js';

const REFRESH_MS = 5 * 60_000;

interface TargetsData {
  targets: Target[];
  detector: DetectorSettingsReply | null;
  detectorError: unknown;
}

/**
 * Targets (list, add, edit, delete after a confirmation) and the detector's thresholds
 * (defaults and the global overrides).
 */
@customElement('ww-settings-targets')
export class WwSettingsTargets extends SettingsSection {
  static override styles = [
    baseStyles,
    sectionStyles,
    rowPanelStyles,
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
      /* A phone has no room for six columns: each target becomes a labelled block. */
      @media (max-width: 40rem) {
        .targets thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        .targets table,
        .targets tbody,
        .targets tr,
        .targets td {
          display: block;
        }
        .targets tr {
          padding: 0.5rem 0;
          border-bottom: 1px solid var(--ww-border);
        }
        .targets td {
          border: 0;
          padding: 0.15rem 0.5rem;
        }
        .targets td[data-label]::before {
          content: attr(data-label) ': ';
          font-weight: 600;
          color: var(--ww-muted);
        }
        .targets tr.row-panel > td {
          padding: 0.5rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) wards: Ward[] | null = null;
  @state() private overrides = '';
  /** The target whose edit form is open, and the one awaiting a delete confirmation. */
  @state() private editing: string | null = null;
  @state() private confirmingDelete: string | null = null;

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
        const body = targetCreateFromForm(formValues(form));
        return {
          run: () => this.api.createTarget(body),
          done: { key: 'targets.created', params: { name: body.name }, ok: true },
        };
      },
      () => this.data.reload(),
    );
  }

  private async editTarget(e: SubmitEvent, id: string): Promise<void> {
    await this.submitForm(
      e,
      (form) => {
        const patch = targetPatchFromForm(formValues(form));
        return {
          run: () => this.api.updateTarget(id, patch),
          done: { key: 'targets.updated', params: { name: patch.name ?? id }, ok: true },
        };
      },
      () => {
        this.editing = null;
        this.data.reload();
      },
    );
  }

  private async removeTarget(tg: Target): Promise<void> {
    const done = { key: 'targets.deleted', params: { name: tg.name }, ok: true } as const;
    if (await this.write(() => this.api.deleteTarget(tg.id), done)) {
      this.confirmingDelete = null;
      this.data.reload();
    }
  }

  /** Opens (or closes) one target's edit form or delete confirmation; the last message goes. */
  private openPanel(panel: { editing?: string | null; confirmingDelete?: string | null }): void {
    this.feedback = null;
    this.editing = panel.editing ?? null;
    this.confirmingDelete = panel.confirmingDelete ?? null;
  }

  /** The fields of the add form (empty) and of the edit form (`tg`'s values). */
  private renderFields(wards: readonly Ward[], tg?: Target) {
    const { t } = this.i18n;
    const probe = tg?.probe ?? 'tcp';
    return html`
      <label class="field"
        >${t('targets.name')}<input name="name" required maxlength="128" value=${tg?.name ?? ''}
      /></label>
      <label class="field"
        >${t('targets.probe')}
        <select name="probe">
          ${PROBES.map((p) => html`<option value=${p} ?selected=${p === probe}>${t(`probe.${p}`)}</option>`)}
        </select>
      </label>
      <label class="field"
        >${t('targets.host')}<input name="host" maxlength="255" value=${tg?.host ?? ''}
      /></label>
      <label class="field"
        >${t('targets.port')}<input
          name="port"
          type="number"
          min="1"
          max="65535"
          value=${tg?.port === undefined ? '' : String(tg.port)}
      /></label>
      <label class="field"
        >${t('targets.url')}<input name="url" type="url" value=${tg?.url ?? ''}
      /></label>
      <label class="field"
        >${t('targets.interval')}<input
          name="interval"
          type="number"
          min="1"
          step="1"
          value=${String(tg ? tg.intervalMs / 1000 : 30)}
      /></label>
      ${this.renderScopeSelect(wards, tg?.wardId)}
    `;
  }

  /** The panel under a target's row: its edit form or the delete confirmation. */
  private renderPanel(tg: Target, wards: readonly Ward[]) {
    const { t } = this.i18n;
    if (this.editing === tg.id) {
      return this.renderEditRow(
        6,
        {
          testId: 'target-edit-form',
          label: t('targets.editTitle', { name: tg.name }),
          submit: (e) => this.editTarget(e, tg.id),
          cancel: () => this.openPanel({}),
        },
        this.renderFields(wards, tg),
      );
    }
    if (this.confirmingDelete === tg.id) {
      return html`<tr class="row-panel">
        <td colspan="6">
          <div class="confirm" role="alertdialog" data-testid="target-delete-confirm">
            <p>${t('targets.confirmDelete', { name: tg.name })}</p>
            <button
              class="danger"
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.removeTarget(tg)}
            >
              ${t('common.delete')}
            </button>
            <button type="button" @click=${() => this.openPanel({})}>${t('common.cancel')}</button>
          </div>
        </td>
      </tr>`;
    }
    return nothing;
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
        ${this.renderFields(wards)} ${this.renderSubmit(t('targets.create'))}
      </form>
      ${this.renderFeedback()}
      ${this.data.error && !value ? this.renderLoadError(this.data.error, '/api/v1/targets') : nothing}
      <div class="card table-wrap targets">
        ${renderTable(
          [
            t('targets.name'),
            t('targets.probe'),
            t('targets.address'),
            t('targets.interval'),
            t('targets.scope'),
            html`<span class="visually-hidden">${t('targets.actions')}</span>`,
          ],
          (value?.targets ?? []).map(
            (tg) =>
              html`<tr data-target=${tg.id}>
                  <td data-label=${t('targets.name')}>${tg.name}</td>
                  <td data-label=${t('targets.probe')}>${t(`probe.${tg.probe}`)}</td>
                  <td class="mono" data-label=${t('targets.address')}>
                    ${tg.url ?? [tg.host, tg.port].filter((x) => x !== undefined).join(':')}
                  </td>
                  <td data-label=${t('targets.interval')}>
                    ${t('targets.intervalValue', { seconds: formatNumber(tg.intervalMs / 1000, locale) })}
                  </td>
                  <td data-label=${t('targets.scope')}>${this.scopeName(names, tg.wardId)}</td>
                  <td>
                    <div class="actions">
                      <button
                        type="button"
                        aria-expanded=${this.editing === tg.id ? 'true' : 'false'}
                        aria-label=${t('targets.editTitle', { name: tg.name })}
                        @click=${() => this.openPanel({ editing: this.editing === tg.id ? null : tg.id })}
                      >
                        ${t('common.edit')}
                      </button>
                      <button
                        type="button"
                        aria-label=${t('targets.deleteTitle', { name: tg.name })}
                        @click=${() => this.openPanel({ confirmingDelete: tg.id })}
                      >
                        ${t('common.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
                ${this.renderPanel(tg, wards)}`,
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
