import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, htmlToPdf } from '../../server/src/reports/pdf.js';
import { rasterisePdf, readPageStats, type PageStats } from '../helpers/page-image.js';
import { loadReportFixture, seedReportFixtureAt } from '../helpers/report-fixture.js';
import { login, startServer, type RunningServer } from '../helpers/server.js';

// Issue 6: the evidence report's PDF (server-side headless Chromium) is rasterised with
// pdftoppm at 50 dpi and every page is checked as an image; the PNGs stay in the artifacts.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'report-pdf');
const fx = loadReportFixture();

/**
 * The October 2026 fixture prints on 3 pages: I–II summary, charts and narrative; III–IV
 * ward detail and equipment; V–VI services and incidents (each section break is a page break).
 */
const EXPECTED_PAGES = 3;
const A4_RATIO = 297 / 210;

/** Everything wrong with a rasterised report, one line per problem (empty: it looks right). */
function reportPageProblems(pages: PageStats[], expectedPages: number): string[] {
  const problems: string[] = [];
  if (pages.length !== expectedPages) {
    problems.push(`${pages.length} pages, expected ${expectedPages}`);
  }
  pages.forEach((p, i) => {
    const n = i + 1;
    if (Math.abs(p.height / p.width - A4_RATIO) > 0.01) {
      problems.push(`page ${n}: ${p.width}×${p.height} px is not A4 portrait`);
    }
    // Text and tables at 50 dpi ink 5–20 % of a page; above 40 % is a rendering fault (a
    // black or inverted page), below 1 % the page is (nearly) empty.
    if (p.inkShare < 0.01 || p.inkShare > 0.4) {
      problems.push(`page ${n}: ink share ${p.inkShare.toFixed(4)} outside 0.01–0.4`);
    }
  });
  const first = pages[0];
  if (!first || first.topDarkShare < 0.005) {
    problems.push(`page 1: no header block (dark share ${first?.topDarkShare.toFixed(4)})`);
  }
  const colour = pages.reduce((sum, p) => sum + p.colourShare, 0);
  if (colour < 0.002) problems.push(`no coloured chart pixels (share sum ${colour.toFixed(4)})`);
  return problems;
}

describe('evidence report PDF, rasterised page by page', () => {
  let server: RunningServer;
  let pages: PageStats[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer();
    await seedReportFixtureAt(server.dbPath, fx);
    const api = await login(server);
    const res = await fetch(
      `${server.url}/api/v1/reports/evidence?from=${fx.period.from}&to=${fx.period.to}&format=pdf`,
      { headers: { cookie: api.cookie } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const pdfPath = join(ARTIFACTS, 'report.pdf');
    const pngs = rasterisePdf(writeTo(pdfPath, pdf), join(ARTIFACTS, 'pages'));
    pages = pngs.map(readPageStats);
    writeFileSync(join(ARTIFACTS, 'page-stats.json'), `${JSON.stringify(pages, null, 2)}\n`);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('has the expected pages, A4 portrait, none blank, a header block and charts', () => {
    expect(reportPageProblems(pages, EXPECTED_PAGES)).toEqual([]);
    // The charts (coloured bars) are on the summary page; the tables after it are black and grey.
    expect(pages[0]?.colourShare).toBeGreaterThan(0.005);
    expect(pages.slice(1).every((p) => p.colourShare < 0.001)).toBe(true);
  });

  it('the same checks reject a blank page printed by the same Chromium', async () => {
    const chromium = findChromium();
    expect(chromium, 'chromium is needed to print the PDF').not.toBeNull();
    const blank = await htmlToPdf('<!doctype html><title>blank</title>', chromium ?? '');
    const pngs = rasterisePdf(
      writeTo(join(ARTIFACTS, 'blank.pdf'), blank),
      join(ARTIFACTS, 'blank-pages'),
    );
    const problems = reportPageProblems(pngs.map(readPageStats), EXPECTED_PAGES);
    // (Chromium's default paper for a page without @page is Letter: flagged too, not required.)
    expect(problems).toEqual(
      expect.arrayContaining([
        `1 pages, expected ${EXPECTED_PAGES}`,
        'page 1: ink share 0.0000 outside 0.01–0.4',
        'page 1: no header block (dark share 0.0000)',
        'no coloured chart pixels (share sum 0.0000)',
      ]),
    );
  }, 60_000);
});

function writeTo(path: string, data: Buffer): string {
  writeFileSync(path, data);
  return path;
}
