/**
 * The digest's formatting, which the templates no longer do: arrows, tones and badges
 * chosen per value, and the text part's lines laid out in columns.
 */
import { describe, expect, it } from 'vitest';
import { chartRow, DIGEST_TONES, DIGEST_TRENDS, goalRow, GOAL_STATUSES, statRow, tileRow } from '../../../functions/app/support/digest-rows';

const goal = { description: 'Match 80% of mentees', current: '61%', target: '80%', deadline: '31 Mar 2027', projected: '64%' };

describe('digest rows', () => {
  it('gives every trend an arrow and every tone a colour and its words', () => {
    const tiles = DIGEST_TRENDS.flatMap((trend) =>
      DIGEST_TONES.map((tone) => tileRow({ label: 'Active pairs', value: '46', change: '+3 vs last week', trend, tone })),
    );

    expect(new Set(tiles.map((t) => t.arrow))).toEqual(new Set(['▲', '▼', '→']));
    expect(new Set(tiles.map((t) => `${t.toneColour}${t.toneWords}`))).toEqual(new Set(['#1e6b3a, better', '#b3261e, worse', '#4b5b55']));
    expect(tiles[0]!.textLine).toBe('Active pairs                     46   ▲ +3 vs last week, better');
  });

  it('gives every goal status its own badge, a word and a symbol as well as colours, and a tag of one width', () => {
    const rows = GOAL_STATUSES.map((status) => goalRow({ ...goal, status }));

    expect(rows.map((r) => r.statusLabel)).toEqual(['✓ Met', '● On track', '⚠ At risk', '✕ Missed']);
    expect(rows.map((r) => r.statusTag)).toEqual(['[Met]     ', '[On track]', '[At risk] ', '[Missed]  ']);
    expect(new Set(rows.map((r) => `${r.badgeBorder}/${r.badgeBackground}/${r.badgeText}`)).size).toBe(4);
    for (const r of rows) expect([r.badgeBorder, r.badgeBackground, r.badgeText].every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(rows[0]).toMatchObject(goal);
  });

  it('lays out a KPI line in columns, with no trailing spaces when there is no note, counting code points', () => {
    expect(statRow('Signed up', '212', '+9 this week').textLine).toBe('Signed up                           212   +9 this week');
    expect(statRow('In an active pair', '92').textLine).toBe('In an active pair                    92');
    expect(statRow('Ratings ★', '5').textLine).toBe(`Ratings ★${' '.repeat(21)}        5`);
  });

  it('draws a chart bar of one █ per 11 px, at most 60, none for 0 or less', () => {
    expect(chartRow({ week: 'W41', barPx: 110, value: '11' }).textLine).toBe(`W41  ${'█'.repeat(10)} 11`);
    expect(chartRow({ week: 'W42', barPx: 0, value: '0' }).textLine).toBe('W42   0');
    expect(chartRow({ week: 'W1', barPx: 1e9, value: 'many' }).textLine).toBe(`W1   ${'█'.repeat(60)} many`);
    expect(chartRow({ week: 'W2', barPx: Number.NaN, value: '–' }).textLine).toBe('W2    –');
  });
});
