// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportKind } from '@shared/schemas/reports';
import { useAuthStore } from '@/auth/auth.store';
import { applyLocale } from '@/i18n';
import ReportsView from '@/reports/ReportsView.vue';
import { danaTimeline, expectedColumns, ids, options, reportOf, week } from './reports-fixtures';
import { freshPinia, freshRouter, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const weekSearch = 'from=2026-11-24&to=2026-11-30&tz=Europe%2FBucharest&groupBy=day';
/** The kind a report request asks for, from its path. */
const kindOf = (path: string) => new URL(path, 'http://x').pathname.split('/').pop() as ReportKind;
const searchOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

let pinia: ReturnType<typeof freshPinia>;
beforeEach(() => {
  pinia = freshPinia();
  useAuthStore().$patch({ token: 'tok-sup', user: { id: 'u1', username: 'supervisor', role: 'supervisor' } } as never);
});
afterEach(() => vi.unstubAllGlobals());

/** Every report answered from the fixtures, echoing the query it was asked. */
function api(overrides: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/reports/options': () => options,
    'GET /api/reports/agents/:id/timeline': () => danaTimeline,
    'GET /api/reports/:kind': (c) => reportOf(kindOf(c.path), { ...week, ...searchOf(c.path) } as never),
    ...overrides,
  });
}

/** The Reports screen opened at `url`, as a reload there opens it. */
async function open(url: string) {
  const router = freshRouter(url);
  // In the document, so focus moves as in a page.
  const w = mountWith(ReportsView, pinia, { router, attachTo: document.body });
  await router.isReady();
  await settle();
  return { w, router };
}

const reportCalls = (calls: ReturnType<typeof stubApi>['calls']) => calls.filter((c) => /^\/api\/reports\/(queues|agents|campaigns|offers|satisfaction)\?/.test(c.path));

describe('the reports screen', () => {
  it.each(ReportKind.options)('shows the %s report as a table with exactly its CSV columns, totals last', async (kind) => {
    const stub = api();
    const { w } = await open(`/admin/reports?kind=${kind}&${weekSearch}`);
    const headers = w.findAll('[data-testid="report-table"] thead th');
    expect(headers.map((h) => h.attributes('data-column'))).toEqual(expectedColumns[kind]);
    expect(headers.every((h) => h.attributes('scope') === 'col')).toBe(true);
    const report = reportOf(kind);
    expect(w.findAll('[data-testid="report-row"]')).toHaveLength(report.rows.length);
    const totals = w.get('[data-testid="report-totals"]');
    expect(totals.findAll('th, td')).toHaveLength(expectedColumns[kind].length);
    expect(totals.text()).toContain('Total');
    // The totals row is the table's last.
    const allRows = w.findAll('[data-testid="report-table"] tr');
    expect(allRows[allRows.length - 1]!.attributes('data-testid')).toBe('report-totals');
    expect(w.get(`[data-testid="report-kind-${kind}"]`).attributes('aria-current')).toBe('page');
    expect(w.get('[data-testid="report-chart"] canvas').attributes('aria-label')).toMatch(/table below/);
    expect(reportCalls(stub.calls).map((c) => c.path)).toEqual([`/api/reports/${kind}?${weekSearch}`]);
  });

  it('writes the figures in the user’s formats: durations, shares, spread reasons', async () => {
    api();
    const { w } = await open(`/admin/reports?kind=agents&${weekSearch}`);
    const headers = w.findAll('[data-testid="report-table"] thead th').map((h) => h.text());
    expect(headers).toContain('Not ready: Lunch');
    expect(headers).toContain('Not ready: Training');
    const dana = w.findAll('[data-testid="report-row"]')[0]!;
    const cells = dana.findAll('th, td').map((c) => c.text());
    const at = (column: string) => cells[expectedColumns.agents.indexOf(column)];
    expect(at('agentName')).toBe('Dana Pop');
    expect(at('ahtSec')).toBe('06:11');
    expect(at('loggedInSec')).toBe('4:47:00');
    expect(at('occupancy')).toBe('50%');
    expect(at('states.notReady.lunch')).toBe('30:00');
    // Mihai took no lunch: his lunch column counts nothing, as the CSV does.
    const mihai = w.findAll('[data-testid="report-row"]')[1]!.findAll('th, td').map((c) => c.text());
    expect(mihai[expectedColumns.agents.indexOf('states.notReady.lunch')]).toBe('00:00');
  });

  it('completes a bare URL with the last seven days by day, so the link reopens this report', async () => {
    const stub = api();
    const { router } = await open('/admin/reports');
    const q = router.currentRoute.value.query;
    expect(q.kind).toBe('queues');
    expect(q.groupBy).toBe('day');
    expect(q.tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const from = Date.parse(String(q.from));
    expect((Date.parse(String(q.to)) - from) / 86_400_000).toBe(6);
    expect(reportCalls(stub.calls)).toHaveLength(1);
    expect(searchOf(reportCalls(stub.calls)[0]!.path)).toMatchObject({ from: q.from, to: q.to, groupBy: 'day' });
  });

  it('changing the range and the grouping asks again, and the URL follows', async () => {
    const stub = api();
    const { w, router } = await open(`/admin/reports?kind=queues&${weekSearch}`);
    await w.get('[data-testid="report-from"]').setValue('2026-11-01');
    await settle();
    expect(reportCalls(stub.calls).at(-1)!.path).toBe('/api/reports/queues?from=2026-11-01&to=2026-11-30&tz=Europe%2FBucharest&groupBy=day');
    await w.get('[data-testid="report-group"]').setValue('week');
    await settle();
    expect(reportCalls(stub.calls).at(-1)!.path).toBe('/api/reports/queues?from=2026-11-01&to=2026-11-30&tz=Europe%2FBucharest&groupBy=week');
    expect(router.currentRoute.value.query).toMatchObject({ kind: 'queues', from: '2026-11-01', groupBy: 'week' });
    await w.get('[data-testid="report-queue"]').setValue('sales');
    await settle();
    expect(searchOf(reportCalls(stub.calls).at(-1)!.path)).toMatchObject({ queue: 'sales', groupBy: 'week' });
    // Back returns to the previous report.
    router.back();
    await settle(10);
    expect(searchOf(reportCalls(stub.calls).at(-1)!.path).queue).toBeUndefined();
    expect((w.get('[data-testid="report-queue"]').element as HTMLSelectElement).value).toBe('');
  });

  it('reopens a shared link with its filters set, and shows only the filters a report offers', async () => {
    const stub = api();
    const { w } = await open(`/admin/reports?kind=agents&${weekSearch}&team=north&agentId=${ids.dana}&campaignId=${ids.spring}`);
    expect((w.get('[data-testid="report-team"]').element as HTMLSelectElement).value).toBe('north');
    expect((w.get('[data-testid="report-agent"]').element as HTMLSelectElement).value).toBe(ids.dana);
    // Only the north team's agents are offered.
    expect(w.get('[data-testid="report-agent"]').findAll('option').map((o) => o.text())).toEqual(['All agents', 'Dana Pop']);
    expect(w.find('[data-testid="report-campaign"]').exists()).toBe(false);
    expect(w.find('[data-testid="report-queue"]').exists()).toBe(false);
    // The campaign stays in the URL but is not sent with the agents report.
    expect(searchOf(reportCalls(stub.calls)[0]!.path)).toEqual({ ...searchOf(`?${weekSearch}`), team: 'north', agentId: ids.dana });
  });

  it('switching report keeps the range: the tab is a link to the same query', async () => {
    const stub = api();
    const { w } = await open(`/admin/reports?kind=queues&${weekSearch}`);
    await w.get('[data-testid="report-kind-campaigns"]').trigger('click');
    await settle();
    expect(reportCalls(stub.calls).at(-1)!.path).toBe(`/api/reports/campaigns?${weekSearch}`);
    expect(w.findAll('[data-testid="report-table"] thead th').map((h) => h.attributes('data-column'))).toEqual(expectedColumns.campaigns);
  });

  it('the CSV link carries the same query, and downloads it with the token', async () => {
    const stub = api();
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (created.push(b as Blob), 'blob:report'));
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { w } = await open(`/admin/reports?kind=agents&${weekSearch}&team=north`);
    const link = w.get('[data-testid="report-csv"]');
    expect(link.attributes('href')).toBe(`/api/reports/agents?${weekSearch}&team=north&format=csv`);
    await link.trigger('click');
    await settle();
    const download = stub.find('GET', `/api/reports/agents?${weekSearch}&team=north&format=csv`);
    expect(download).toHaveLength(1);
    expect(download[0]!.headers.Authorization).toBe('Bearer tok-sup');
    expect(created).toHaveLength(1);
    expect(clicked).toEqual(['agents-2026-11-24-2026-11-30-day.csv']);
  });

  it('exports the interactions of the range and filters, as NDJSON with notes when asked', async () => {
    const stub = api({ 'GET /api/reports/interactions': () => ({}) });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { w } = await open(`/admin/reports?kind=queues&${weekSearch}&queue=sales`);
    await w.get('[data-testid="report-export-ndjson"]').setValue(true);
    await w.get('[data-testid="report-export-notes"]').setValue(true);
    await w.get('[data-testid="report-export"]').trigger('submit');
    await settle();
    const sent = stub.find('GET', /^\/api\/reports\/interactions\?/);
    expect(sent).toHaveLength(1);
    // One row per interaction: no grouping in its query.
    expect(searchOf(sent[0]!.path)).toEqual({ ...searchOf(`?${weekSearch}`), groupBy: undefined, queue: 'sales', format: 'ndjson', notes: 'true' });
  });

  it('clicking an agent opens their activity on that row’s day', async () => {
    const stub = api();
    const { w } = await open(`/admin/reports?kind=agents&${weekSearch}`);
    await w.findAll('[data-testid="report-agent-open"]')[0]!.trigger('click');
    await settle();
    expect(stub.find('GET', `/api/reports/agents/${ids.dana}/timeline?day=2026-11-30&tz=Europe%2FBucharest`)).toHaveLength(1);
    const panel = w.get('[data-testid="timeline-panel"]');
    expect(panel.text()).toContain('Activity of Dana Pop');
    expect(panel.findAll('[data-testid="timeline-segment"]').map((s) => s.attributes('data-state'))).toEqual(['not-ready', 'available', 'on-call', 'not-ready', 'available']);
    // Said in words too: times in the report's zone (Bucharest, UTC+2), reasons named.
    const said = panel.findAll('[data-testid="timeline-list"] li').map((li) => li.text());
    // (The test browser's English is American: a 12-hour clock.)
    expect(said[2]).toMatch(/^09:00( AM)?–12:00( PM)?: On a call, 3:00:00$/);
    expect(said[3]).toMatch(/^12:00( PM)?–12:30( PM)?: Not ready \(Lunch\), 30:00$/);
    expect(document.activeElement?.textContent).toContain('Activity of Dana Pop');

    await panel.get('[data-testid="timeline-day"]').setValue('2026-11-29');
    await settle();
    expect(stub.find('GET', `/api/reports/agents/${ids.dana}/timeline?day=2026-11-29&tz=Europe%2FBucharest`)).toHaveLength(1);
    await w.get('[data-testid="timeline-close"]').trigger('click');
    expect(w.find('[data-testid="timeline-panel"]').exists()).toBe(false);
  });

  it('shows the server’s refusal', async () => {
    api({ 'GET /api/reports/:kind': () => ({ status: 403, body: { error: { code: 'REPORT_OUT_OF_SCOPE', message: 'that team is not one you supervise' } } }) });
    const { w } = await open(`/admin/reports?kind=agents&${weekSearch}&team=south`);
    expect(w.get('[data-testid="report-error"]').text()).toContain('that team is not one you supervise');
    expect(w.find('[data-testid="report-table"]').exists()).toBe(false);
    expect(w.find('[data-testid="report-csv"]').exists()).toBe(false);
  });

  it('says what is wrong with a range that ends before it starts, and asks nothing', async () => {
    const stub = api();
    const { w } = await open('/admin/reports?kind=queues&from=2026-12-01&to=2026-11-01&tz=UTC&groupBy=day');
    expect(w.get('[data-testid="report-problem"]').text()).toMatch(/ends before it starts/);
    expect(reportCalls(stub.calls)).toHaveLength(0);
  });

  it('reads right to left in Persian, with Persian words and digits in the table', async () => {
    api();
    await applyLocale('fa');
    try {
      const { w } = await open(`/admin/reports?kind=agents&${weekSearch}`);
      expect(document.documentElement.dir).toBe('rtl');
      const headers = w.findAll('[data-testid="report-table"] thead th').map((h) => h.text());
      expect(headers).toContain('کارشناس');
      expect(headers).toContain('غیرآماده: ناهار');
      const figures = w.findAll('[data-testid="report-row"] td.rp-num').map((c) => c.text());
      expect(figures.length).toBeGreaterThan(10);
      expect(figures.filter((f) => /[0-9]/.test(f))).toEqual([]);
    } finally {
      await applyLocale('en');
    }
  });
});
