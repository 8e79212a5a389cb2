import { describe, expect, it } from 'vitest';
import { dashboardKpis } from '../../../functions/app/use-cases/admin/dashboard';
import { sendDigest } from '../../../functions/app/use-cases/send-digest';
import { dashboardRoutes as dashboardApi } from '../../../functions/http/admin/api/dashboard';
import { dashboardRoutes as dashboardPage } from '../../../functions/http/admin/dashboard';
import { CHART_BOX, chartPoints, niceCeiling, pathData } from '../../../functions/http/admin/pages/trend-chart';
import { adminTestApp } from '../../support/admin-app';
import { adminDeps } from '../../support/memory-exports';
import { pairedInMemory } from '../../support/people';

describe('trend chart geometry', () => {
  it('maps values to evenly spaced points, 0 at the bottom and the nice maximum at the top, gaps for nulls', () => {
    const box = { width: 100, height: 60, pad: { top: 10, right: 10, bottom: 10, left: 10 } };
    const { max, points } = chartPoints([0, 5, null, 10, 7.5], box);
    expect(max).toBe(10);
    expect(points).toEqual([{ x: 10, y: 50 }, { x: 30, y: 30 }, null, { x: 70, y: 10 }, { x: 90, y: 20 }]);
    expect(pathData(points)).toBe('M10 50 L30 30 M70 10 L90 20');
    expect(chartPoints([0.5, 1], box, 1).points).toEqual([
      { x: 10, y: 30 },
      { x: 90, y: 10 },
    ]);
    expect(chartPoints([null, null], CHART_BOX)).toEqual({ max: 1, points: [null, null] });
    expect(chartPoints([3], box).points).toEqual([{ x: 50, y: 26 }]);
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 × a power of ten', () => {
    expect([0, 1, 3, 7, 12, 24, 26, 480, 0.3].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 25, 50, 500, 0.5]);
  });
});

describe('dashboard', () => {
  const AT = new Date('2026-12-09T10:00:00Z');

  it('shows the digest’s KPIs: the same numbers as the digest job computes', async () => {
    const env = await pairedInMemory(new Date('2026-11-30T09:00:00Z'));
    env.clock.current = AT;
    const deps = adminDeps(env.deps);
    const fromDigest = (await sendDigest(deps, AT)).kpis;
    const shown = await dashboardKpis(deps);
    expect({ ...shown, atRisk: undefined }).toEqual({ ...fromDigest, atRisk: undefined });
    expect(shown.atRisk.count).toBe(fromDigest.atRisk.count);
    expect(JSON.stringify(shown)).not.toContain('/admin/rematch/');
  });

  it('renders accessible SVG trends with their numbers in tables, goals, and the export link; JSON at /admin/api/kpis', async () => {
    const env = await pairedInMemory(new Date('2026-11-30T09:00:00Z'));
    env.clock.current = AT;
    const deps = adminDeps(env.deps);
    const http = { deps, options: { clientAddress: () => undefined } };
    const app = adminTestApp(deps, [dashboardPage(http), dashboardApi(http)]);
    const res = await app.request('/admin/dashboard');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-current="page"');
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(6);
    for (const svg of svgs) expect(svg).toMatch(/role="img"[^>]*aria-labelledby="chart-\w+-title chart-\w+-desc"/);
    expect(html).toContain('<title id="chart-newPairs-title">New pairs per week</title>');

    const kpis = await dashboardKpis(deps);
    const newPairs = kpis.trend.at(-1)!.newPairs;
    // Weeks before the program started are gaps: only the known ones are described.
    expect(html).toContain(`<desc id="chart-newPairs-desc">Weekly values, oldest first. W49: ${newPairs}.</desc>`);
    expect(html).toContain(`<desc id="chart-activePairs-desc">Weekly values, oldest first. W49: ${kpis.trend.at(-1)!.activePairs}.</desc>`);
    expect(html).toContain('<th scope="row">2026-W49</th>');
    expect(html).toContain('href="/admin/export.csv"');
    expect(html).not.toMatch(/<script/);
    // Every section of the weekly email, as the email words it: first meetings and fit-check answers included.
    for (const id of ['participants', 'matching', 'activity', 'retention', 'satisfaction', 'deliverability']) expect(html).toContain(`id="section-${id}"`);
    for (const label of ['First meeting scheduled', 'Fit check this week', 'Mentors active after 30 days', 'Response rate', 'Bounces this week']) {
      expect(html).toContain(`<th scope="row">${label}</th>`);
    }
    expect(html).toContain('Incentives earned this week');
    const json = (await (await app.request('/admin/api/kpis')).json()) as { reportWeek: string; trend: unknown[] };
    expect(json.reportWeek).toBe('2026-W49');
    expect(json.trend).toHaveLength(8);
  });

  it("lists mentors' declines of chosen matches, newest first, linked and escaped, in choice mode or once there is one", async () => {
    const env = await pairedInMemory(new Date('2026-11-30T09:00:00Z'));
    env.clock.current = AT;
    const deps = adminDeps(env.deps);
    const http = { deps, options: { clientAddress: () => undefined } };
    const page = async () => (await adminTestApp(deps, [dashboardPage(http)]).request('/admin/dashboard')).text();
    expect(await page()).not.toContain('id="declines"'); // auto mode, none yet

    deps.config = { ...deps.config, matchingMode: 'choice' };
    expect(await page()).toContain('No mentor has declined a chosen match.');

    const { pair, grace, ada } = env;
    const decline = { programId: deps.config.id, pairId: pair.id, mentorId: grace.id, menteeId: ada.id, at: '2026-12-08T10:15:00.000Z' };
    await deps.offers.recordDecline({ ...decline, reason: 'Our <b>schedules</b> never overlap' });
    await deps.offers.recordDecline({ ...decline, mentorId: 'erased-mentor', at: '2026-12-01T08:00:00.000Z', reason: 'Earlier' });
    const html = await page();
    expect(html).toContain(`<a href="/admin/pairs/${pair.id}">2026-12-08 10:15</a>`);
    expect(html).toContain(`<a href="/admin/people/${grace.id}">Grace Hopper</a>`);
    expect(html).toContain(`<a href="/admin/people/${ada.id}">Ada Lovelace</a>`);
    expect(html).toContain('Our &lt;b&gt;schedules&lt;/b&gt; never overlap');
    expect(html).toContain('A removed participant');
    expect(html.indexOf('2026-12-08 10:15')).toBeLessThan(html.indexOf('2026-12-01 08:00'));
  });
});
