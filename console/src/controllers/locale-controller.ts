import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { translate, type Locale, type MessageKey, type MessageParams } from '../i18n/i18n.js';
import { getLocale, onLocaleChange } from '../i18n/locale-store.js';

/** Gives an element the current language's strings and re-renders it when the language changes. */
export class LocaleController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get locale(): Locale {
    return getLocale();
  }

  /** An arrow so templates can destructure it: `const { t } = this.i18n`. */
  readonly t = (key: MessageKey, params?: MessageParams): string =>
    translate(getLocale(), key, params);

  hostConnected(): void {
    this.unsubscribe = onLocaleChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
