import type { SeriesReply } from '@wardwatch/shared';
import { Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import {
  buildSparkline,
  isIsolated,
  trailingRange,
  type SparklineData,
} from '../charts/sparkline-data.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import { formatNumber } from '../format/format.js';

// Only what a bare line needs: no legend, tooltip, time adapter or filler in the bundle.
Chart.register(LineController, LineElement, PointElement, LinearScale);

const SPAN_MS = 60 * 60_000;
const STEP_MS = 60_000;
const REFRESH_MS = 60_000;
/** Used when the theme token cannot be read. */
const FALLBACK_COLOUR = '#0b4f9c';

/** A station's RTT over the last hour, as a small line (gaps where nothing was measured). */
@customElement('ww-latency-sparkline')
export class WwLatencySparkline extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .frame {
      position: relative;
      height: 2.5rem;
      width: 100%;
    }
  `;

  @property({ attribute: false }) stationId = '';
  @property({ attribute: false }) api!: ApiClient;

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly i18n = new LocaleController(this);
  private readonly series = new PollController<SeriesReply>(
    this,
    () => {
      const range = trailingRange(Date.now(), SPAN_MS, STEP_MS);
      return this.api.series({
        station: this.stationId,
        metric: 'rtt',
        from: range.fromMs,
        to: range.toMs,
        stepMs: STEP_MS,
      });
    },
    REFRESH_MS,
  );
  private chart: Chart<'line', SparklineData['points']> | null = null;
  private shownReply: SeriesReply | null = null;

  private get data(): SparklineData {
    const reply = this.series.value;
    if (!reply) return buildSparkline([], trailingRange(Date.now(), SPAN_MS, STEP_MS));
    return buildSparkline(reply.points, {
      fromMs: reply.from,
      toMs: reply.to,
      stepMs: reply.step,
    });
  }

  private currentPoints(): SparklineData['points'] {
    return this.chart?.data.datasets[0]?.data ?? [];
  }

  private lineColour(): string {
    return getComputedStyle(this).getPropertyValue('--ww-chart-line').trim() || FALLBACK_COLOUR;
  }

  override firstUpdated(): void {
    const data = this.data;
    const colour = this.lineColour();
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: [
          {
            data: data.points,
            parsing: false,
            borderColor: colour,
            borderWidth: 1.5,
            // Dots only where the line cannot show a value (no neighbour to join).
            pointRadius: (ctx) => (isIsolated(this.currentPoints(), ctx.dataIndex) ? 2 : 0),
            pointBackgroundColor: colour,
            pointBorderWidth: 0,
            tension: 0.25,
            spanGaps: false,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        scales: {
          x: { type: 'linear', display: false, min: data.fromMs, max: data.toMs },
          y: { type: 'linear', display: false, beginAtZero: true },
        },
      },
    });
    this.shownReply = this.series.value;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('stationId') && changed.get('stationId') !== undefined) this.series.reload();
    const reply = this.series.value;
    if (!this.chart || reply === this.shownReply) return;
    this.shownReply = reply;
    const data = this.data;
    const dataset = this.chart.data.datasets[0];
    if (dataset) dataset.data = data.points;
    const x = this.chart.options.scales?.['x'];
    if (x) {
      x.min = data.fromMs;
      x.max = data.toMs;
    }
    this.chart.update('none');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
    this.shownReply = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect (e.g. a search hid and showed the ward): rebuild the chart.
    if (this.hasUpdated && !this.chart) this.firstUpdated();
  }

  override render() {
    const { t, locale } = this.i18n;
    const { avgMs, maxMs } = this.data;
    const label =
      avgMs === null || maxMs === null
        ? t('sparkline.empty')
        : t('sparkline.label', {
            avg: formatNumber(avgMs, locale),
            max: formatNumber(maxMs, locale),
          });
    return html`<div class="frame">
      <canvas role="img" aria-label=${label} title=${label}></canvas>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-latency-sparkline': WwLatencySparkline;
  }
}
