import { Hono } from 'hono';
import { dashboardKpis, type ConsoleKpis } from '../../app/use-cases/admin/dashboard';
import { DECLINES_SHOWN, recentDeclines, type ConsoleDecline } from '../../app/use-cases/admin/declines';
import { digestVars } from '../../app/support/digest-email';
import type { ProgramConfig } from '../../domain/program';
import { HEADLINE_KEYS, HEADLINE_LABELS, type HeadlineKey, type TrendPoint } from '../../domain/kpi/kpis';
import type { GoalProgress } from '../../domain/kpi/goals';
import type { AdminEnv } from './env';
import { AdminLayout } from './pages/admin-layout';
import { DataTable } from './pages/data-table';
import { TrendChart } from './pages/trend-chart';
import type { AdminHttpDeps } from './types';

const CSS = `.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
.charts figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:12px;padding:.75rem}
.charts figcaption{font-weight:700;margin:0 0 .25rem}
svg.chart{display:block;max-width:100%;height:auto}
details{margin:.5rem 0 0}`;

const SHARES: readonly HeadlineKey[] = ['matchRate', 'shareOnTrack'];
const percent = (v: number) => `${Math.round(v * 100)}%`;
const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const formatHeadline = (key: HeadlineKey, v: number | null) => (v === null ? '—' : SHARES.includes(key) ? percent(v) : plain(v));

const CHARTS: { key: keyof Omit<TrendPoint, 'week' | 'weekStartsAt'>; title: string; share?: boolean; max?: number }[] = [
  { key: 'signups', title: 'Sign-ups per week' },
  { key: 'newPairs', title: 'New pairs per week' },
  { key: 'activePairs', title: 'Active pairs at the end of each week' },
  { key: 'meetings', title: 'Meetings logged per week' },
  { key: 'matchRate', title: 'Match rate', share: true, max: 1 },
  { key: 'avgRating', title: 'Average rating (1–5)', max: 5 },
];

const GOAL_TEXT: Record<GoalProgress['status'], string> = { met: '✓ Met', on_track: '● On track', at_risk: '⚠ At risk', missed: '✕ Missed' };

/** The digest's sections, worded and formatted exactly as in the weekly email (digestVars). */
const SECTIONS = [
  ['participants', 'Participants'],
  ['matching', 'Matching and first meetings'],
  ['activity', 'Activity and fit check'],
  ['retention', 'Retention'],
  ['satisfaction', 'Satisfaction'],
  ['deliverability', 'Deliverability'],
] as const;

function WeekInDetail(props: { kpis: ConsoleKpis; config: ProgramConfig }) {
  const vars = digestVars(props.kpis, props.config, { exportUrl: '/admin/export.csv', dashboardUrl: '/admin/dashboard' });
  return (
    <>
      {SECTIONS.map(([key, title]) => (
        <>
          <h2 id={`section-${key}`}>{title}</h2>
          <DataTable label={title} labelledBy={`section-${key}`} columns={['Measure', 'Value', 'Detail']}>
            {vars[key].map((row) => (
              <tr>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
                <td>{row.note}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ))}
      <h2 id="incentives">Incentives earned this week</h2>
      <p>{vars.incentiveRule}</p>
      {vars.incentives.length === 0 ? (
        <p>Nobody earned it this week.</p>
      ) : (
        <ul>
          {vars.incentives.map((e) => (
            <li>
              {e.name} ({e.role})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Dashboard(props: { kpis: ConsoleKpis; declines: ConsoleDecline[]; choiceMode: boolean; config: ProgramConfig }) {
  const { kpis, declines } = props;
  const labels = kpis.trend.map((p) => p.week.replace(/^\d{4}-/, ''));
  return (
    <>
      <p>
        Week {kpis.reportWeek} (the last complete week), numbers as of {kpis.generatedAt.slice(0, 16).replace('T', ' ')} UTC — the same as the weekly digest.{' '}
        <a href="/admin/export.csv">Download the CSV export</a>
      </p>
      <h2 id="headlines">This week</h2>
      <DataTable label="This week" labelledBy="headlines" columns={['Measure', 'This week', 'Last week', 'Change']}>
        {HEADLINE_KEYS.map((key) => {
          const c = kpis.headlines[key];
          return (
            <tr>
              <th scope="row">{HEADLINE_LABELS[key]}</th>
              <td>{formatHeadline(key, c.value)}</td>
              <td>{formatHeadline(key, c.previous)}</td>
              <td>{c.direction === null ? '—' : { up: '▲ up', down: '▼ down', flat: '→ same' }[c.direction]}</td>
            </tr>
          );
        })}
      </DataTable>

      <h2>Trends over 8 weeks</h2>
      <div class="charts">
        {CHARTS.map((chart) => {
          const values = kpis.trend.map((p) => p[chart.key]);
          const format = chart.share ? percent : plain;
          return (
            <figure>
              <figcaption id={`chart-${chart.key}-caption`}>{chart.title}</figcaption>
              <TrendChart id={`chart-${chart.key}`} title={chart.title} labels={labels} values={values} format={format} fixedMax={chart.max} />
              <details>
                <summary>The numbers</summary>
                <DataTable label={`${chart.title}, by week`} caption={`${chart.title}, by week`} columns={['Week', 'Value']}>
                  {kpis.trend.map((p, i) => (
                    <tr>
                      <th scope="row">{p.week}</th>
                      <td>{values[i] === null ? '—' : format(values[i]!)}</td>
                    </tr>
                  ))}
                </DataTable>
              </details>
            </figure>
          );
        })}
      </div>

      <h2 id="goals">Goals</h2>
      {kpis.goals.length === 0 ? (
        <p>No goals are set (Settings).</p>
      ) : (
        <DataTable label="Goals" labelledBy="goals" columns={['Goal', 'Now', 'Target', 'By', 'Status']}>
          {kpis.goals.map((g) => (
            <tr>
              <th scope="row">{g.description}</th>
              <td>{g.current === null ? '—' : g.target <= 1 ? percent(g.current) : plain(g.current)}</td>
              <td>{g.target <= 1 ? percent(g.target) : plain(g.target)}</td>
              <td>{g.deadline}</td>
              <td>
                <span class="badge">{GOAL_TEXT[g.status]}</span>
                {g.note ? ` ${g.note}` : ''}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 id="at-risk">Pairs at risk ({kpis.atRisk.count})</h2>
      {kpis.atRisk.pairs.length === 0 ? (
        <p>No pair is at risk.</p>
      ) : (
        <ul>
          {kpis.atRisk.pairs.map((p) => (
            <li>
              <a href={p.pairUrl}>
                {p.mentorName} and {p.menteeName}
              </a>{' '}
              — {p.daysQuiet} days without activity
            </li>
          ))}
        </ul>
      )}

      <WeekInDetail kpis={kpis} config={props.config} />

      {props.choiceMode || declines.length > 0 ? (
        <>
          <h2 id="declines">Chosen matches declined by the mentor</h2>
          {declines.length === 0 ? (
            <p>No mentor has declined a chosen match.</p>
          ) : (
            <DataTable
              label="Chosen matches declined by the mentor"
              labelledBy="declines"
              caption={declines.length === DECLINES_SHOWN ? `The latest ${DECLINES_SHOWN}` : undefined}
              captionVisible
              columns={['When (UTC)', 'Mentor', 'Mentee', 'Reason']}
            >
              {declines.map((d) => (
                <tr>
                  <th scope="row">
                    <a href={d.pairUrl}>{d.at.slice(0, 16).replace('T', ' ')}</a>
                  </th>
                  <td>
                    <a href={d.mentorUrl}>{d.mentorName}</a>
                  </td>
                  <td>
                    <a href={d.menteeUrl}>{d.menteeName}</a>
                  </td>
                  <td>{d.reason}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      ) : null}
    </>
  );
}

/** `/admin/dashboard`: the digest's KPIs (headlines, trends as inline SVG with their numbers, goals, at-risk pairs, every section of the email), mentors' declines, the export. */
export function dashboardRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/admin/dashboard', async (c) => {
    const [kpis, declines] = await Promise.all([dashboardKpis(deps), recentDeclines(deps)]);
    const nonce = c.get('secureHeadersNonce');
    return c.html(
      <AdminLayout title="Dashboard" programName={deps.config.name} nonce={nonce} current="/admin/dashboard" css={CSS}>
        <Dashboard kpis={kpis} declines={declines} choiceMode={deps.config.matchingMode === 'choice'} config={deps.config} />
      </AdminLayout>,
    );
  });
  return app;
}
