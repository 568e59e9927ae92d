import type { MessageKey } from '../i18n/i18n.js';

const CATEGORY_KEYS: Readonly<Record<string, MessageKey>> = {
  workstation: 'category.workstation',
  fingerprint: 'category.fingerprint',
  scanner: 'category.scanner',
  card_reader: 'category.card_reader',
  printer: 'category.printer',
  camera: 'category.camera',
  other: 'category.other',
};

/** The catalog key of a peripheral category the server sent (unknown ones read as "other"). */
export const categoryKey = (category: string): MessageKey =>
  CATEGORY_KEYS[category] ?? 'category.other';
