import { html, type TemplateResult } from 'lit';

/** The `<option>`s of a `<select>`: one per value, the current one selected. */
export function options<T extends string | number>(
  values: readonly T[],
  selected: T,
  label: (value: T) => unknown,
): TemplateResult[] {
  return values.map(
    (v) => html`<option value=${v} ?selected=${selected === v}>${label(v)}</option>`,
  );
}
