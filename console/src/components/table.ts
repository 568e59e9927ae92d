import { html, nothing, type TemplateResult } from 'lit';

/** A table with column headers (`scope="col"`) and the given body rows. */
export function renderTable(
  head: readonly unknown[],
  rows: readonly TemplateResult[],
  testId?: string,
) {
  return html`<table data-testid=${testId ?? nothing}>
    <thead>
      <tr>
        ${head.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
