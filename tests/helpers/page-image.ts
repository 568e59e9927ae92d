import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** What a rasterised page shows, as shares of its pixels (0–1). */
export interface PageStats {
  width: number;
  height: number;
  /** Pixels that are not (near) white: text, lines, charts. */
  inkShare: number;
  /** Dark pixels (luma < 100) in the top 15 % of the page: the header block. */
  topDarkShare: number;
  /** Coloured pixels (channel spread > 60): chart bars and lines, not grey text. */
  colourShare: number;
}

const TOP_BAND = 0.15;

/** Measures one PNG page (any bit depth pngjs decodes; RGBA after decoding). */
export function pageStats(png: Buffer): PageStats {
  const { width, height, data } = PNG.sync.read(png);
  const topRows = Math.floor(height * TOP_BAND);
  let ink = 0;
  let topDark = 0;
  let colour = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = data[i] ?? 255;
      const g = data[i + 1] ?? 255;
      const b = data[i + 2] ?? 255;
      if (Math.min(r, g, b) < 235) ink++;
      if (y < topRows && 0.299 * r + 0.587 * g + 0.114 * b < 100) topDark++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
    }
  }
  const all = width * height;
  return {
    width,
    height,
    inkShare: ink / all,
    topDarkShare: topRows ? topDark / (topRows * width) : 0,
    colourShare: colour / all,
  };
}

/**
 * Rasterises every page of a PDF with poppler's pdftoppm into `outDir` (emptied first) and
 * returns the PNG paths in page order. Throws with an install hint when pdftoppm is missing.
 */
export function rasterisePdf(pdfPath: string, outDir: string, dpi = 50): string[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  try {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', pdfPath, join(outDir, 'page')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftoppm not found: install poppler-utils (scripts/setup.sh --with-test-tools)',
      );
    }
    throw err;
  }
  // pdftoppm names pages page-1.png … or page-01.png (zero-padded to the page count's width).
  return readdirSync(outDir)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
    .map((f) => join(outDir, f));
}

export const readPageStats = (path: string): PageStats => pageStats(readFileSync(path));
