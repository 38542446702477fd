/**
 * The report page in headless Chromium (Debian's `chromium`): the five charts lay out with visible marks
 * (checked by the page's own script after load, read back from the DOM) and a screenshot is taken.
 * Skips, saying so, only when no chromium is installed (`.ci/run` installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { REPORT_CHARTS } from '../../functions/core/analytics/report.js';
import { buildReport } from '../../functions/use-cases/analytics/build-report.js';
import { CONTACTS_DATASET, SURVEYS_DATASET, TICKETS_DATASET } from '../../schemas/analytics.js';
import { analyticsData } from '../support/analytics-data.js';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return undefined;
}

const chromium = findChromium();

async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}

const TITLE = chromium
  ? 'analytics report in headless Chromium'
  : 'analytics report in headless Chromium — SKIPPED: chromium is not installed (apt-get install -y chromium)';

describe.skipIf(!chromium)(TITLE, () => {
  let dir: string;
  let page: string;
  const flags = () => [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`,
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-report-'));
    const data = analyticsData();
    await writeDataset(dir, CONTACTS_DATASET, each(data.contacts));
    await writeDataset(dir, TICKETS_DATASET, each(data.tickets));
    await writeDataset(dir, SURVEYS_DATASET, each(data.surveys));
    const db = await openAnalyticsDb(dir);
    try {
      const report = await buildReport({ engine: db, now: () => new Date('2026-12-01T00:00:00Z') });
      page = join(dir, 'report.html');
      writeFileSync(page, report.html);
    } finally {
      db.close();
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is self-contained: no external URL', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('renders the five charts (DOM after the scripts ran)', () => {
    const dom = execFileSync(chromium as string, [...flags(), '--dump-dom', `file://${page}`], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Set by the page's script only when every chart has marks with a non-empty layout box.
    expect(dom).toContain(`data-charts-rendered="${REPORT_CHARTS.length}"`);
    for (const c of REPORT_CHARTS) {
      const svg = new RegExp(`<svg[^>]*data-chart="${c.id}"[^>]*data-rendered="true"`).exec(dom);
      expect(svg, c.id).not.toBeNull();
    }
    const chart = (id: string) =>
      dom.slice(dom.indexOf(`data-chart="${id}"`), dom.indexOf('</svg>', dom.indexOf(`data-chart="${id}"`)));
    expect(chart('volume-by-hour').match(/<rect class="bar"/g)).toHaveLength(24);
    expect(chart('complaints-by-category').match(/<rect class="bar"/g)).toHaveLength(2);
    expect(chart('sla-compliance').match(/<rect class="bar"/g)).toHaveLength(2);
    expect(chart('csat-trend').match(/<circle class="point"/g)).toHaveLength(2);
    // days with nothing queued (rate null) are not drawn
    expect(chart('abandonment').match(/<circle class="point"/g)).toHaveLength(1);
    expect(dom).toContain('data-query="abandonment_rate" data-rows="3"');
  });

  it('takes a screenshot', () => {
    const png = join(dir, 'report.png');
    execFileSync(
      chromium as string,
      [...flags(), '--window-size=1400,1600', `--screenshot=${png}`, `file://${page}`],
      {
        timeout: 60_000,
        stdio: 'ignore',
      },
    );
    expect(statSync(png).size).toBeGreaterThan(20_000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
