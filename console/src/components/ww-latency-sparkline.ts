import type { SeriesReply } from '@wardwatch/shared';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApiClient } from '../api/client.js';
import { buildSparkline, trailingRange, type SparklineData } from '../charts/sparkline-data.js';
import { SPARK_HEIGHT, SPARK_WIDTH, sparklinePaths } from '../charts/sparkline-path.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { PollController } from '../controllers/poll-controller.js';
import { formatNumber } from '../format/format.js';

const SPAN_MS = 60 * 60_000;
const STEP_MS = 60_000;
const REFRESH_MS = 60_000;

/**
 * A station's RTT over the last hour, as a small line (gaps where nothing was measured).
 * Plain SVG, not a chart library: a board shows dozens at once, and each chart.js instance
 * cost ~20 ms and a forced layout to build (most of the 1,000-ward board's load time).
 */
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
    svg {
      display: block;
      width: 100%;
      height: 100%;
      /* A point at the top or bottom edge keeps its whole dot and line width. */
      overflow: visible;
    }
    path {
      fill: none;
      stroke: var(--ww-chart-line, #0b4f9c);
      vector-effect: non-scaling-stroke;
    }
    .line {
      stroke-width: 1.5px;
      stroke-linejoin: round;
    }
    /* Zero-length subpaths with round caps: 4 px dots where a point has no neighbour. */
    .dots {
      stroke-width: 4px;
      stroke-linecap: round;
    }
  `;

  @property({ attribute: false }) stationId = '';
  @property({ attribute: false }) api!: ApiClient;

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

  private get data(): SparklineData {
    const reply = this.series.value;
    if (!reply) return buildSparkline([], trailingRange(Date.now(), SPAN_MS, STEP_MS));
    return buildSparkline(reply.points, {
      fromMs: reply.from,
      toMs: reply.to,
      stepMs: reply.step,
    });
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('stationId') && changed.get('stationId') !== undefined) this.series.reload();
  }

  override render() {
    const { t, locale } = this.i18n;
    const data = this.data;
    const { avgMs, maxMs } = data;
    const label =
      avgMs === null || maxMs === null
        ? t('sparkline.empty')
        : t('sparkline.label', {
            avg: formatNumber(avgMs, locale),
            max: formatNumber(maxMs, locale),
          });
    const { line, dots } = sparklinePaths(data);
    return html`<div class="frame">
      <svg
        viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}"
        preserveAspectRatio="none"
        role="img"
        aria-label=${label}
      >
        <title>${label}</title>
        <path class="line" d=${line}></path>
        <path class="dots" d=${dots}></path>
      </svg>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ww-latency-sparkline': WwLatencySparkline;
  }
}
