/**
 * The weekly KPI digest (issue 5) and the `rows` variables it is built from:
 * records laid out by functions/app/support/digest-rows.ts, repeated by Mustache sections.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { chartBarPx, chartRow, DIGEST_CHART_MAX_PX, goalRow, statRow, tileRow, type GoalStatus } from '../../../functions/app/support/digest-rows';
import {
  EmailTemplateError,
  renderEmail,
  type DigestAtRiskPair,
  type DigestChartBar,
  type DigestGoal,
  type DigestIncentive,
  type DigestStat,
  type DigestTile,
  type EmailVars,
} from '../../../functions/email-rendering/render';
import { digestSample } from '../../../scripts/email-samples';

const rematch = (n: number) => `https://mentoring.example.test/admin/pairs/pair-${n}`;

const digestVars = (over: Partial<EmailVars<'digest'>> = {}): EmailVars<'digest'> => ({
  programName: 'Acme Mentoring',
  identityLine: 'Acme Corp · 1 Example Way, Springfield',
  preheader: 'Your week in numbers.',
  weekLabel: 'Week 48: 23–29 Nov 2026',
  headline: '3 new pairs, 2 at risk',
  tiles: [
    tileRow({ label: 'Active pairs', value: '46', change: '+3 vs last week', trend: 'up', tone: 'good' }),
    tileRow({ label: 'Meetings logged', value: '17', change: 'no change vs last week', trend: 'flat', tone: 'neutral' }),
    tileRow({ label: 'Match rate', value: '81%', change: '−4 points vs last week', trend: 'down', tone: 'bad' }),
  ],
  chartTitle: 'Meetings logged per week, last 8 weeks',
  chart: [
    chartRow({ week: 'W41', barPx: 110, value: '11' }),
    chartRow({ week: 'W42', barPx: 0, value: '0' }),
    chartRow({ week: 'W43', barPx: 220, value: '22' }),
  ],
  goals: [
    goalRow({ description: '80% of mentees matched by 31 Mar 2027', current: '81%', target: '80%', deadline: '31 Mar 2027', projected: '86%', status: 'met' }),
    goalRow({ description: 'Average satisfaction ≥ 4.2', current: '4.3', target: '4.2', deadline: '28 Feb 2027', projected: '4.35', status: 'on-track' }),
    goalRow({ description: '70% of pairs meet every two weeks', current: '58%', target: '70%', deadline: '31 Jan 2027', projected: '63%', status: 'at-risk' }),
    goalRow({ description: '50 active pairs by November', current: '46', target: '50', deadline: '29 Nov 2026', projected: '47', status: 'missed' }),
  ],
  participants: [statRow('Signed up', '212', '+9 this week'), statRow('In an active pair', '92', '')],
  matching: [statRow('Median days to match', '6.5', '')],
  activity: [statRow('Meetings per pair per month', '1.6', 'benchmark 2.0')],
  retention: [statRow('Still active after 90 days', '87%', '23 pairs')],
  satisfaction: [statRow('Response rate', '63%', '58 of 92 asked')],
  deliverability: [statRow('Complaints', '1', '0.2% of sent')],
  atRiskSummary: '2 pairs have been quiet for 4 weeks or more.',
  atRisk: [
    { mentorName: 'Grace Hopper', menteeName: 'Ada Lovelace', daysQuiet: 43, pairUrl: rematch(1) },
    { mentorName: 'Alan Turing', menteeName: 'Tim Berners-Lee', daysQuiet: 31, pairUrl: rematch(2) },
  ],
  incentiveRule: 'Participants earn the voucher at their third meeting.',
  incentives: [{ name: 'Amara Okafor', role: 'mentee' }],
  exportUrl: 'https://mentoring.example.test/admin/export.csv',
  dashboardUrl: 'https://mentoring.example.test/admin/dashboard',
  ...over,
});

const render = (vars: object) => renderEmail('digest', vars as EmailVars<'digest'>);
/** The section of the text part under `heading`, up to the next heading. */
const textSection = (text: string, heading: string) => {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(/\n\n\n[A-Z][A-Z -]+(:.*)?\n/);
  return end === -1 ? rest : rest.slice(0, end + 1);
};
const visibleText = (html: string) =>
  html
    .replace(/<(style|title)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');

describe('renderEmail: digest', () => {
  it('renders subject, HTML and text with nothing left over', () => {
    const email = renderEmail('digest', digestVars());

    expect(email.subject).toBe('Acme Mentoring weekly: Week 48: 23–29 Nov 2026, 3 new pairs, 2 at risk');
    for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(/\{\{|\}\}/);
    expect(email.html.startsWith('<!doctype html>')).toBe(true);
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(email.text).not.toMatch(/\n{4,}/);
    expect(email.text).not.toMatch(/ +\n/);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("You're receiving this email as an admin of Acme Mentoring.");
      expect(part).not.toMatch(/unsubscribe/i);
    }
  });

  it('carries every number and label given, in the HTML and in the text part', () => {
    const vars = digestVars();

    const email = renderEmail('digest', vars);

    const html = visibleText(email.html);
    const shown: string[] = [vars.weekLabel, vars.headline, vars.chartTitle, vars.atRiskSummary, vars.incentiveRule, vars.dashboardUrl];
    for (const tile of vars.tiles) shown.push(tile.label, tile.value, tile.change);
    for (const bar of vars.chart) shown.push(bar.week, bar.value);
    for (const goal of vars.goals) shown.push(goal.description, goal.current, goal.target, goal.deadline, goal.projected);
    for (const stat of [...vars.participants, ...vars.matching, ...vars.activity, ...vars.retention, ...vars.satisfaction, ...vars.deliverability]) {
      shown.push(stat.label, stat.value, ...(stat.note ? [stat.note] : []));
    }
    for (const pair of vars.atRisk) shown.push(pair.mentorName, pair.menteeName, `${pair.daysQuiet} days quiet`, pair.pairUrl);
    for (const person of vars.incentives) shown.push(person.name, person.role);
    for (const value of shown) {
      expect(email.text, `text: ${value}`).toContain(value);
      if (!value.startsWith('https://')) expect(html.replaceAll('&amp;', '&'), `HTML: ${value}`).toContain(value);
    }
    expect(email.html).toContain(`href="${vars.exportUrl}"`);
    expect(email.text).toContain(`Download CSV export:\n${vars.exportUrl}\n`);
  });

  it('shows each goal status as a word and a colour, never colour alone, in both parts', () => {
    const email = renderEmail('digest', digestVars());

    const badge = (label: string) =>
      new RegExp(`<span style="[^"]*background-color: (#[0-9a-f]{6}); color: (#[0-9a-f]{6});[^"]*">[^<]*${label}</span>`).exec(email.html);
    expect(badge('Met')?.slice(1)).toEqual(['#1e6b3a', '#ffffff']);
    expect(badge('On track')?.slice(1)).toEqual(['#dff0e4', '#14532d']);
    expect(badge('At risk')?.slice(1)).toEqual(['#fff4d6', '#7a4d00']);
    expect(badge('Missed')?.slice(1)).toEqual(['#b3261e', '#ffffff']);
    const goals = textSection(email.text, 'GOALS');
    expect(goals).toContain('[Met]      80% of mentees matched by 31 Mar 2027\n');
    expect(goals).toContain('[On track] Average satisfaction ≥ 4.2\n');
    expect(goals).toContain('[At risk]  70% of pairs meet every two weeks\n');
    expect(goals).toContain('[Missed]   50 active pairs by November\n');
    expect(goals).toContain('           Now 58% · target 70% by 31 Jan 2027 · projected 63%\n');
  });

  it('writes only the status of each goal: one badge per goal', () => {
    const email = renderEmail('digest', digestVars({ goals: [digestVars().goals[2]!] }));

    const text = visibleText(email.html);
    expect(text).toContain('At risk');
    expect(text).not.toMatch(/✓ Met|On track|✕ Missed/);
    expect(textSection(email.text, 'GOALS')).not.toMatch(/\[(Met|On track|Missed)\]/);
  });

  it('gives each headline tile an arrow, its change and its tone in words as well as colour', () => {
    const email = renderEmail('digest', digestVars());

    expect(email.html).toMatch(/color: #1e6b3a;"><span aria-hidden="true">▲<\/span> \+3 vs last week, better<\/div>/);
    expect(email.html).toMatch(/color: #4b5b55;"><span aria-hidden="true">→<\/span> no change vs last week<\/div>/);
    expect(email.html).toMatch(/color: #b3261e;"><span aria-hidden="true">▼<\/span> −4 points vs last week, worse<\/div>/);
    const headlines = textSection(email.text, 'HEADLINES');
    expect(headlines.split('\n').filter(Boolean)).toEqual([
      'Active pairs                     46   ▲ +3 vs last week, better',
      'Meetings logged                  17   → no change vs last week',
      'Match rate                      81%   ▼ −4 points vs last week, worse',
    ]);
  });

  it('draws the chart as table cells sized by the caller, with the value as text and a caption', () => {
    const email = renderEmail('digest', digestVars());

    expect(email.html).toContain(
      '<caption style="text-align: left; font-size: 14px; line-height: 1.4; color: #4b5b55; padding: 0 0 8px 0;">Meetings logged per week, last 8 weeks</caption>',
    );
    for (const [px, value] of [
      [110, '11'],
      [0, '0'],
      [220, '22'],
    ] as const) {
      expect(email.html).toMatch(
        new RegExp(`<td width="${px}" height="18" bgcolor="#2f5d50" style="width: ${px}px;[^"]*">&nbsp;</td>\\s*<td[^>]*>${value}</td>`),
      );
    }
    expect(email.html).not.toMatch(/<svg|<script|background-image|url\(/i);
    // One █ per 11 px, the week labels padded to one width; no bar for 0.
    expect(textSection(email.text, 'TREND: Meetings logged per week, last 8 weeks')).toBe(
      `\n${'W41  ' + '█'.repeat(10)} 11\nW42   0\n${'W43  ' + '█'.repeat(20)} 22\n`,
    );
  });

  it('aligns the label/value lines of the text part, with no trailing spaces for an empty note', () => {
    const email = renderEmail('digest', digestVars());

    expect(textSection(email.text, 'PARTICIPANTS')).toBe('\nSigned up                           212   +9 this week\nIn an active pair                    92\n');
    expect(textSection(email.text, 'MATCHING')).toBe('\nMedian days to match                6.5\n');
  });

  it('lists at-risk pairs with a one-click re-match link each, named for screen readers', () => {
    const vars = digestVars();

    const email = renderEmail('digest', vars);

    for (const pair of vars.atRisk) {
      expect(email.html).toContain(`<a href="${pair.pairUrl}" aria-label="Open the pair of ${pair.mentorName} and ${pair.menteeName}"`);
    }
    expect(textSection(email.text, 'AT-RISK PAIRS')).toBe(
      `\n${vars.atRiskSummary}\n\n` +
        `- Grace Hopper (mentor) & Ada Lovelace (mentee), 43 days quiet\n  Open the pair: ${rematch(1)}\n` +
        `- Alan Turing (mentor) & Tim Berners-Lee (mentee), 31 days quiet\n  Open the pair: ${rematch(2)}\n`,
    );
    expect(email.html).not.toContain('No pairs are at risk');
    expect(email.text).not.toContain('No pairs are at risk');
  });

  it('writes an empty-state line instead of rows when there are no at-risk pairs, goals or incentives', () => {
    const email = renderEmail('digest', digestVars({ atRisk: [], goals: [], incentives: [] }));

    for (const part of [visibleText(email.html), email.text]) {
      expect(part).toContain('No pairs are at risk this week.');
      expect(part).toContain('Nobody became eligible this week.');
      expect(part).toContain('No goals are set for this program yet.');
      expect(part).not.toContain('Open the pair');
    }
    expect(textSection(email.text, 'AT-RISK PAIRS')).toBe('\n2 pairs have been quiet for 4 weeks or more.\n\nNo pairs are at risk this week.\n');
    expect(textSection(email.text, 'INCENTIVE-ELIGIBLE THIS WEEK')).toBe(
      '\nParticipants earn the voucher at their third meeting.\n\nNobody became eligible this week.\n',
    );
  });

  it("stays under Gmail's 102 KB clip with 20 at-risk pairs", () => {
    const email = renderEmail('digest', digestSample(20));

    expect(Buffer.byteLength(email.html)).toBeLessThan(100_000);
    expect(email.html.match(/>Open pair<\/a>/g)).toHaveLength(20);
  });

  it('types its rows: records with declared fields, statuses as unions, no unsubscribe link', () => {
    expectTypeOf<EmailVars<'digest'>['tiles']>().toEqualTypeOf<readonly DigestTile[]>();
    expectTypeOf<EmailVars<'digest'>['chart']>().toEqualTypeOf<readonly DigestChartBar[]>();
    expectTypeOf<EmailVars<'digest'>['goals']>().toEqualTypeOf<readonly DigestGoal[]>();
    expectTypeOf<EmailVars<'digest'>['participants']>().toEqualTypeOf<readonly DigestStat[]>();
    expectTypeOf<EmailVars<'digest'>['atRisk']>().toEqualTypeOf<readonly DigestAtRiskPair[]>();
    expectTypeOf<EmailVars<'digest'>['incentives']>().toEqualTypeOf<readonly DigestIncentive[]>();
    expectTypeOf<DigestAtRiskPair['daysQuiet']>().toEqualTypeOf<number>();
    expectTypeOf<Parameters<typeof goalRow>[0]['status']>().toEqualTypeOf<GoalStatus>();
    expectTypeOf<GoalStatus>().toEqualTypeOf<'met' | 'on-track' | 'at-risk' | 'missed'>();
    expectTypeOf<EmailVars<'digest'>>().not.toHaveProperty('unsubscribeUrl');
    // @ts-expect-error: 'late' is not a goal status.
    const _late: GoalStatus = 'late';
  });
});

describe('renderEmail: rows variables', () => {
  const nasty = `<img src=x onerror=alert(1)> "Bob" O'Brien & Co`;
  const escaped = '&lt;img src=x onerror=alert(1)&gt; &quot;Bob&quot; O&#39;Brien &amp; Co';

  it('escapes every field in the HTML (text and aria-label alike) and keeps it as-is in text', () => {
    const vars = digestVars({
      atRisk: [{ mentorName: nasty, menteeName: 'Ada', daysQuiet: 40, pairUrl: rematch(1) }],
      goals: [{ ...digestVars().goals[0]!, description: nasty }],
      incentives: [{ name: nasty, role: '<b>mentor</b>' }],
    });

    const email = renderEmail('digest', vars);

    expect(email.html).not.toContain('<img src=x');
    expect(email.html).not.toContain('<b>mentor');
    expect(email.html).toContain(`<strong>${escaped}</strong>`);
    expect(email.html).toContain(`aria-label="Open the pair of ${escaped} and Ada"`);
    expect(email.html).toContain(`>${escaped}</td>`);
    expect(email.html).toContain('&lt;b&gt;mentor&lt;/b&gt;');
    expect(email.text).toContain(`- ${nasty} (mentor) & Ada (mentee), 40 days quiet\n`);
    expect(email.text).toContain(`- ${nasty} (<b>mentor</b>)\n`);
  });

  it('makes every field one line: CR, LF and control characters cannot add rows or lines (spacing is kept: text lines come in columns)', () => {
    const email = renderEmail('digest', digestVars({ incentives: [{ name: 'Eve\r\n- Mallory (mentor)\u0000\u2028x', role: 'mentee\n' }] }));

    expect(textSection(email.text, 'INCENTIVE-ELIGIBLE THIS WEEK')).toBe(
      '\nParticipants earn the voucher at their third meeting.\n\n- Eve  - Mallory (mentor) x (mentee )\n',
    );
    expect(email.html).toContain('>Eve  - Mallory (mentor) x</td>');
  });

  it('escapes URL fields in href and rejects anything but http(s), naming the field but not the value', () => {
    const url = 'https://mentoring.example.test/admin/pairs/t?a=1&b="><script>';
    const email = renderEmail('digest', digestVars({ atRisk: [{ mentorName: 'G', menteeName: 'A', daysQuiet: 40, pairUrl: url }] }));
    expect(email.html).toContain('href="https://mentoring.example.test/admin/pairs/t?a=1&amp;b=&quot;&gt;&lt;script&gt;"');
    expect(email.text).toContain(`Open the pair: ${url}\n`);

    for (const bad of ['javascript:alert(1)//secret-tok', 'data:text/html,x', '/admin/rematch/secret-tok', 'https://exa mple.test/secret-tok', '']) {
      const call = () => renderEmail('digest', digestVars({ atRisk: [{ mentorName: 'G', menteeName: 'A', daysQuiet: 40, pairUrl: bad }] }));
      expect(call).toThrow(EmailTemplateError);
      expect(call).toThrow(/'atRisk' record 0 field 'pairUrl' must be an http\(s\) URL/);
      expect(call).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-tok') }));
    }
  });

  it('rejects unknown and missing fields, wrong types and unknown choices, naming record and field', () => {
    const pair = digestVars().atRisk[0]!;
    const goal = digestVars().goals[0]!;
    const cases: [object, RegExp][] = [
      [{ atRisk: [{ ...pair, pairId: 'p1' }] }, /'atRisk' record 0 has no field 'pairId'/],
      [{ atRisk: [pair, { ...pair, pairUrl: undefined }] }, /'atRisk' record 1 field 'pairUrl' is missing/],
      [{ atRisk: [{ ...pair, daysQuiet: '43' }] }, /'atRisk' record 0 field 'daysQuiet' must be a finite number/],
      [{ atRisk: [{ ...pair, daysQuiet: Number.POSITIVE_INFINITY }] }, /'daysQuiet' must be a finite number/],
      [{ atRisk: [{ ...pair, mentorName: 42 }] }, /'atRisk' record 0 field 'mentorName' must be a string/],
      [{ goals: [{ ...goal, status: 'met' }] }, /'goals' record 0 has no field 'status'/],
      [{ goals: [{ ...goal, badgeText: 'red' }] }, /'goals' record 0 field 'badgeText' must be a #rrggbb colour/],
      [{ goals: [{ ...goal, badgeBackground: '#fff; background-image: url(x)' }] }, /field 'badgeBackground' must be a #rrggbb colour/],
      [{ atRisk: [null] }, /'atRisk' record 0 must be an object/],
      [{ atRisk: [[pair.mentorName]] }, /'atRisk' record 0 must be an object/],
      [{ atRisk: pair }, /'atRisk' must be an array of records/],
      [{ atRisk: undefined }, /missing the variable 'atRisk'/],
    ];
    for (const [over, message] of cases) {
      expect(() => render({ ...digestVars(), ...over }), String(message)).toThrow(message);
    }
  });

  it('takes as many records as declared: 0–20 at-risk pairs, 1–6 tiles, 1–12 chart bars, 0–50 otherwise', () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ mentorName: `M${i}`, menteeName: `E${i}`, daysQuiet: 30 + i, pairUrl: rematch(i) }));

    expect(renderEmail('digest', digestVars({ atRisk: pairs(20) })).html.match(/>Open pair<\/a>/g)).toHaveLength(20);
    expect(() => renderEmail('digest', digestVars({ atRisk: pairs(21) }))).toThrow(/'atRisk' has 21 records, at most 20 are allowed/);
    expect(() => renderEmail('digest', digestVars({ tiles: [] }))).toThrow(/'tiles' has 0 records, at least 1 are required/);
    expect(() => renderEmail('digest', digestVars({ chart: Array.from({ length: 13 }, () => chartRow({ week: 'W1', barPx: 1, value: '1' })) }))).toThrow(
      /'chart' has 13 records/,
    );
    expect(() => renderEmail('digest', digestVars({ incentives: Array.from({ length: 51 }, (_, i) => ({ name: `P${i}`, role: 'mentee' })) }))).toThrow(
      /'incentives' has 51 records, at most 50/,
    );
  });

  it('accepts frozen records and leaves them untouched; renders the same output for the same input', () => {
    const atRisk = Object.freeze([Object.freeze({ mentorName: 'G', menteeName: 'A', daysQuiet: 40, pairUrl: rematch(1) })]);

    const first = renderEmail('digest', digestVars({ atRisk }));
    renderEmail('digest', digestVars({ atRisk: [] }));

    expect(renderEmail('digest', digestVars({ atRisk }))).toEqual(first);
    expect(atRisk).toEqual([{ mentorName: 'G', menteeName: 'A', daysQuiet: 40, pairUrl: rematch(1) }]);
  });

  it('draws at most 60 characters of text bar, whatever number it gets', () => {
    const email = renderEmail(
      'digest',
      digestVars({ chart: [chartRow({ week: 'W1', barPx: 1e9, value: 'many' }), chartRow({ week: 'W2', barPx: -50, value: 'less' })] }),
    );

    expect(email.text).toContain(`W1   ${'█'.repeat(60)} many\nW2    less\n`);
  });
});

describe('chartBarPx', () => {
  it('scales to the largest value, rounds, shows any value above 0 and none for 0', () => {
    expect(chartBarPx([0, 1, 50, 100])).toEqual([0, 2, 110, DIGEST_CHART_MAX_PX]);
    expect(chartBarPx([3, 6], 100)).toEqual([50, 100]);
    expect(chartBarPx([0, 0])).toEqual([0, 0]);
    expect(chartBarPx([])).toEqual([]);
    expect(chartBarPx([-1, Number.NaN, 4], 40)).toEqual([0, 0, 40]);
  });
});
