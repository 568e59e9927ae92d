import type { SeriesReply } from '@wardwatch/shared';
import {
  BarController,
  BarElement,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type TooltipItem,
} from 'chart.js';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import {
  buildSmokeping,
  LOSS_LEVELS,
  lossLevel,
  type ChartRange,
  type LossLevel,
  type SmokeData,
} from '../charts/smokeping-data.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { formatAxisTime, formatDateTime, formatNumber } from '../format/format.js';
import { onThemeChange } from '../theme/theme-store.js';
import { baseStyles } from './styles.js';

// Line, band (filler), loss bars and a tooltip: nothing else of chart.js is in the bundle.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  Filler,
  Tooltip,
  BarController,
  BarElement,
);

const LOSS_TOKEN: Readonly<Record<LossLevel, string>> = {
  none: '--ww-ok',
  low: '--ww-info',
  medium: '--ww-warn',
  high: '--ww-loss-high',
  total: '--ww-crit',
  unknown: '--ww-unknown',
};

/** Drag narrower than this (px) is a click, not a zoom. */
const MIN_DRAG_PX = 8;

interface XY {
  x: number;
  y: number | null;
}

/**
 * A SmokePing-style latency chart of one station and target: the average RTT as a line
 * coloured by packet loss, the min–max as a band, and loss bars (0–100 %) along the bottom.
 * Dragging across it asks the page to zoom to that stretch.
 *
 * @fires ww-range-selected - `{fromMs, toMs}` after a drag across the chart
 */
@customElement('ww-smokeping-chart')
export class WwSmokepingChart extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .head {
        display: flex;
        justify-content: space-between;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
      }
      h4 {
        margin: 0;
        font-size: 1rem;
      }
      .summary {
        font-size: 0.875rem;
        color: var(--ww-muted);
      }
      .frame {
        position: relative;
        min-width: 0;
        height: 13rem;
        touch-action: pan-y;
        cursor: crosshair;
      }
      .selection {
        position: absolute;
        top: 0;
        bottom: 0;
        background: var(--ww-chart-band);
        border: 1px dashed var(--ww-accent);
        pointer-events: none;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.9rem;
        margin: 0.25rem 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.8125rem;
        color: var(--ww-muted);
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
      }
      .swatch {
        display: inline-block;
        width: 0.9rem;
        height: 0.6rem;
        border-radius: 2px;
      }
      .empty {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        color: var(--ww-muted);
        pointer-events: none;
      }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) stationId = '';
  @property({ attribute: false }) targetId = '';
  @property({ attribute: false }) targetName = '';
  @property({ attribute: false }) range!: ChartRange;

  @state() private data: SmokeData | null = null;
  @state() private failed = false;
  @state() private drag: { startX: number; x: number } | null = null;

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly i18n = new LocaleController(this);
  private chart: Chart<'line', XY[]> | null = null;
  private generation = 0;
  private unsubscribeTheme: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeTheme = onThemeChange(() => this.restyle());
    if (this.hasUpdated && !this.chart) this.createChart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeTheme?.();
    this.unsubscribeTheme = null;
    this.chart?.destroy();
    this.chart = null;
  }

  override firstUpdated(): void {
    this.createChart();
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('range') || changed.has('stationId') || changed.has('targetId')) {
      void this.load();
    }
    if (changed.has('data')) this.draw();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const range = this.range;
    const q = {
      station: this.stationId,
      target: this.targetId,
      from: range.fromMs,
      to: range.toMs,
      stepMs: range.stepMs,
    };
    try {
      const [rtt, loss]: SeriesReply[] = await Promise.all([
        this.api.series({ ...q, metric: 'rtt' }),
        this.api.series({ ...q, metric: 'loss' }),
      ]);
      if (generation !== this.generation || !rtt || !loss) return;
      this.data = buildSmokeping(rtt.points, loss.points, {
        fromMs: rtt.from,
        toMs: rtt.to,
        stepMs: rtt.step,
      });
      this.failed = false;
    } catch {
      if (generation === this.generation) this.failed = true;
    }
  }

  private token(name: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim() || '#888888';
  }

  private lossColour(lossPct: number | null): string {
    return this.token(LOSS_TOKEN[lossLevel(lossPct)]);
  }

  private createChart(): void {
    const { t, locale } = this.i18n;
    this.chart = new Chart<'line', XY[]>(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'index', intersect: false, axis: 'x' },
        plugins: {
          tooltip: {
            filter: (item) => item.datasetIndex === 2,
            callbacks: {
              title: (items) => {
                const x = items[0]?.parsed.x;
                return x === undefined || x === null ? '' : formatDateTime(x, this.i18n.locale);
              },
              label: (item: TooltipItem<'line'>) => {
                const b = this.data?.buckets[item.dataIndex];
                if (!b || b.median === null) {
                  return b?.lossPct != null
                    ? t('chart.tooltip', {
                        avg: '–',
                        min: '–',
                        max: '–',
                        loss: formatNumber(b.lossPct, this.i18n.locale),
                      })
                    : t('chart.noRound');
                }
                const l = this.i18n.locale;
                return t('chart.tooltip', {
                  avg: formatNumber(b.median, l),
                  min: formatNumber(b.min ?? b.median, l),
                  max: formatNumber(b.max ?? b.median, l),
                  loss: formatNumber(b.lossPct ?? 0, l),
                });
              },
            },
          },
        },
        scales: {
          x: {
            type: 'linear',
            ticks: {
              maxTicksLimit: 6,
              maxRotation: 0,
              callback: (value) => {
                const span = this.data ? this.data.toMs - this.data.fromMs : 3600_000;
                return formatAxisTime(Number(value), span, this.i18n.locale);
              },
            },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            title: { display: true, text: t('chart.axisMs') },
            ticks: { callback: (value) => formatNumber(Number(value), this.i18n.locale) },
          },
          yLoss: {
            type: 'linear',
            position: 'right',
            min: 0,
            max: 400,
            display: false,
          },
        },
      },
    });
    void locale;
    this.restyle();
    this.draw();
  }

  /** Colours come from the theme tokens, so a theme switch re-reads them. */
  private restyle(): void {
    const chart = this.chart;
    if (!chart) return;
    const text = this.token('--ww-muted');
    const grid = this.token('--ww-chart-grid');
    for (const id of ['x', 'y'] as const) {
      const scale = chart.options.scales?.[id];
      if (!scale) continue;
      if (scale.ticks) scale.ticks.color = text;
      if (scale.grid) scale.grid.color = grid;
      if ('title' in scale && scale.title) scale.title.color = text;
    }
    this.draw();
  }

  private draw(): void {
    const chart = this.chart;
    const data = this.data;
    if (!chart) return;
    const buckets = data?.buckets ?? [];
    const line = this.token('--ww-chart-line');
    const band = this.token('--ww-chart-band');
    const xs = buckets.map((b) => b.x);
    const datasets: ChartDataset<'line', XY[]>[] = [
      {
        label: 'max',
        data: buckets.map((b) => ({ x: b.x, y: b.max })),
        borderWidth: 0,
        pointRadius: 0,
        backgroundColor: band,
        fill: '+1',
        spanGaps: false,
      },
      {
        label: 'min',
        data: buckets.map((b) => ({ x: b.x, y: b.min })),
        borderWidth: 0,
        pointRadius: 0,
        fill: false,
        spanGaps: false,
      },
      {
        label: 'median',
        data: buckets.map((b) => ({ x: b.x, y: b.median })),
        borderColor: line,
        borderWidth: 2,
        spanGaps: false,
        segment: {
          borderColor: (ctx) => this.lossColour(buckets[ctx.p1DataIndex]?.lossPct ?? null),
        },
        pointRadius: buckets.length > 120 ? 1.5 : 2.5,
        pointBorderWidth: 0,
        pointBackgroundColor: buckets.map((b) => this.lossColour(b.lossPct)),
      },
    ];
    const bars = {
      type: 'bar' as const,
      label: 'loss',
      yAxisID: 'yLoss',
      data: buckets.map((b) => ({
        x: b.x,
        y: b.lossPct !== null && b.lossPct > 0 ? b.lossPct : null,
      })),
      backgroundColor: buckets.map((b) => this.lossColour(b.lossPct)),
      barPercentage: 1,
      categoryPercentage: 1,
    };
    // A bar dataset in a line chart: chart.js mixes types per dataset.
    chart.data.datasets = [...datasets, bars as unknown as ChartDataset<'line', XY[]>];
    const x = chart.options.scales?.['x'];
    if (x && data) {
      x.min = data.fromMs;
      x.max = data.toMs;
    } else if (x && xs.length > 0) {
      x.min = xs[0];
    }
    chart.update('none');
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.chart) return;
    const x = e.offsetX;
    this.drag = { startX: x, x };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag) return;
    this.drag = { ...this.drag, x: e.offsetX };
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    const scale = this.chart?.scales['x'];
    if (!drag || !scale || Math.abs(e.offsetX - drag.startX) < MIN_DRAG_PX) return;
    const a = scale.getValueForPixel(drag.startX);
    const b = scale.getValueForPixel(e.offsetX);
    if (a === undefined || b === undefined) return;
    this.dispatchEvent(
      new CustomEvent('ww-range-selected', {
        detail: { fromMs: Math.min(a, b), toMs: Math.max(a, b) },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    const { t, locale } = this.i18n;
    const s = this.data?.summary;
    const hasData = !!s && s.rounds > 0;
    const fmt = (v: number | null | undefined) => (v == null ? '–' : formatNumber(v, locale));
    const label = hasData
      ? t('chart.label', {
          target: this.targetName,
          avg: fmt(s.avgMs),
          min: fmt(s.minMs),
          max: fmt(s.maxMs),
          loss: fmt(s.lossPct ?? 0),
        })
      : t('chart.empty', { target: this.targetName });
    const drag = this.drag;
    const chartState = this.data === null ? 'loading' : hasData ? 'drawn' : 'empty';
    return html`
      <div class="head">
        <h4>${this.targetName}</h4>
        ${
          hasData
            ? html`<span class="summary"
                >${t('chart.summary', { avg: fmt(s.avgMs), loss: fmt(s.lossPct ?? 0) })}</span
              >`
            : nothing
        }
      </div>
      <div
        class="frame"
        data-testid="smokeping"
        data-state=${chartState}
        data-rounds=${s?.rounds ?? 0}
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${() => (this.drag = null)}
      >
        <canvas role="img" aria-label=${label}></canvas>
        ${
          drag
            ? html`<div
                class="selection"
                style="left:${Math.min(drag.startX, drag.x)}px;width:${Math.abs(drag.x - drag.startX)}px"
              ></div>`
            : nothing
        }
        ${
          this.failed
            ? html`<p class="empty" role="alert">${t('chart.loadFailed')}</p>`
            : chartState === 'empty'
              ? html`<p class="empty">${t('chart.noData')}</p>`
              : nothing
        }
      </div>
      <ul class="legend">
        <li>
          <span class="swatch" style="background:var(--ww-chart-line);height:3px"></span
          >${t('chart.legendMedian')}
        </li>
        <li>
          <span class="swatch" style="background:var(--ww-chart-band)"></span
          >${t('chart.legendBand')}
        </li>
        ${LOSS_LEVELS.map(
          (l) =>
            html`<li>
              <span class="swatch" style="background:var(${LOSS_TOKEN[l]})"></span>${t(`loss.${l}`)}
            </li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-smokeping-chart': WwSmokepingChart;
  }
}
