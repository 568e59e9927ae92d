import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, isMissingRoute, type ApiClient } from '../../api/client.js';
import { LocaleController } from '../../controllers/locale-controller.js';
import type { MessageKey, MessageParams } from '../../i18n/i18n.js';

export interface Feedback {
  key: MessageKey;
  params?: MessageParams;
  ok: boolean;
}

/**
 * What every settings section shares: the API, a feedback line after a write, and
 * "the server has no such route" handling. Each section is its own element.
 */
export abstract class SettingsSection extends LitElement {
  @property({ attribute: false }) api!: ApiClient;
  @state() protected feedback: Feedback | null = null;
  @state() protected busy = false;

  protected readonly i18n = new LocaleController(this);

  /** Runs a write; shows success, "forbidden" or the server's message. */
  protected async write(run: () => Promise<unknown>, done: Feedback | null): Promise<boolean> {
    this.busy = true;
    this.feedback = null;
    try {
      await run();
      this.feedback = done;
      return true;
    } catch (err) {
      this.feedback = describeError(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected renderFeedback() {
    const f = this.feedback;
    if (!f) return nothing;
    return html`<p
      class=${f.ok ? 'success' : 'banner'}
      role="status"
      data-testid="settings-feedback"
    >
      ${this.i18n.t(f.key, f.params)}
    </p>`;
  }

  protected renderLoadError(err: unknown, route: string) {
    const { t } = this.i18n;
    if (isMissingRoute(err)) {
      return html`<p class="notice" data-testid="section-unavailable">
        ${t('settings.unavailable', { route })}
      </p>`;
    }
    return html`<p class="banner" role="alert">
      ${t('common.loadFailed', { message: String(err) })}
    </p>`;
  }
}

export function describeError(err: unknown): Feedback {
  if (err instanceof ApiError && err.status === 403) return { key: 'common.forbidden', ok: false };
  if (err instanceof ApiError && err.status === 404) {
    return { key: 'common.routeMissing', params: { route: err.message }, ok: false };
  }
  return {
    key: 'common.actionFailed',
    params: { message: err instanceof Error ? err.message : String(err) },
    ok: false,
  };
}

/** Reads a form's fields as trimmed strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) out[k] = String(v).trim();
  return out;
}
