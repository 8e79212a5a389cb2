/**
 * The digest's rows, ready to fill (emails/digest.mjml and digest.txt hold no logic):
 * a tile's arrow, tone colour and words; a goal's badge colours and label; the bar of
 * a chart week; and each row's line of the plain-text part, laid out in columns.
 *
 * Colours, each with its contrast: tones on the tile background #eef4f1: good #1e6b3a
 * 5.9:1, bad #b3261e 5.9:1, neutral #4b5b55 6.4:1. Goal badges: Met white on #1e6b3a
 * 6.5:1, On track #14532d on #dff0e4 7.7:1, At risk #7a4d00 on #fff4d6 6.6:1, Missed
 * white on #b3261e 6.5:1. Status is always a word and a symbol too, never colour alone.
 */
import type { DigestChartBar, DigestGoal, DigestStat, DigestTile } from '../../email-rendering/catalogue';

/** Week-over-week direction of a headline number: the tile shows ▲ / ▼ / → with it. */
export const DIGEST_TRENDS = ['up', 'down', 'flat'] as const;
export type DigestTrend = (typeof DIGEST_TRENDS)[number];
/** Whether a change is good news for the program: coloured, and said in words ("better" / "worse"). */
export const DIGEST_TONES = ['good', 'bad', 'neutral'] as const;
export type DigestTone = (typeof DIGEST_TONES)[number];
/** A SMART goal's status, from the linear projection of its weekly trend. */
export const GOAL_STATUSES = ['met', 'on-track', 'at-risk', 'missed'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** Widest bar of the trend chart, in px: it fits a 375 px wide phone. */
export const DIGEST_CHART_MAX_PX = 220;
/** The text part draws one █ per this many px of bar. */
const PX_PER_BAR_CHAR = 11;
/** Longest text bar, in characters, whatever number a caller passes. */
const MAX_BAR_CHARS = 60;

const ARROWS: Record<DigestTrend, string> = { up: '▲', down: '▼', flat: '→' };
const TONES: Record<DigestTone, { colour: string; words: string }> = {
  good: { colour: '#1e6b3a', words: ', better' },
  bad: { colour: '#b3261e', words: ', worse' },
  neutral: { colour: '#4b5b55', words: '' },
};
const BADGES: Record<GoalStatus, { label: string; tag: string; border: string; background: string; text: string }> = {
  met: { label: '✓ Met', tag: '[Met]', border: '#1e6b3a', background: '#1e6b3a', text: '#ffffff' },
  'on-track': { label: '● On track', tag: '[On track]', border: '#14532d', background: '#dff0e4', text: '#14532d' },
  'at-risk': { label: '⚠ At risk', tag: '[At risk]', border: '#7a4d00', background: '#fff4d6', text: '#7a4d00' },
  missed: { label: '✕ Missed', tag: '[Missed]', border: '#b3261e', background: '#b3261e', text: '#ffffff' },
};

/** Length in code points: what a monospace text view shows, near enough. */
const width = (value: string) => [...value].length;
const padEnd = (value: string, to: number) => value + ' '.repeat(Math.max(0, to - width(value)));
const padStart = (value: string, to: number) => ' '.repeat(Math.max(0, to - width(value))) + value;

/** A headline number, e.g. { label: 'Active pairs', value: '46', change: '+3 vs last week', trend: 'up', tone: 'good' }. */
export function tileRow(tile: { label: string; value: string; change: string; trend: DigestTrend; tone: DigestTone }): DigestTile {
  const arrow = ARROWS[tile.trend];
  const { colour, words } = TONES[tile.tone];
  return {
    label: tile.label,
    value: tile.value,
    change: tile.change,
    arrow,
    toneColour: colour,
    toneWords: words,
    textLine: `${padEnd(tile.label, 26)} ${padStart(tile.value, 8)}   ${arrow} ${tile.change}${words}`,
  };
}

/**
 * Bar lengths in px for a chart of `values`: the largest value gets `maxPx`, the others
 * in proportion, rounded; a value above 0 gets at least 2 px so that it shows, 0 (or less) gets 0.
 */
export function chartBarPx(values: readonly number[], maxPx: number = DIGEST_CHART_MAX_PX): number[] {
  const top = Math.max(0, ...values.filter(Number.isFinite));
  return values.map((v) => (Number.isFinite(v) && v > 0 && top > 0 ? Math.max(2, Math.round((v / top) * maxPx)) : 0));
}

/** One week of the trend chart: `week` e.g. "W41" (labels up to 4 characters align), the bar in px, the value as printed. */
export function chartRow(bar: { week: string; barPx: number; value: string }): DigestChartBar {
  const chars = Math.min(MAX_BAR_CHARS, Math.max(0, Math.round(bar.barPx / PX_PER_BAR_CHAR) || 0));
  return { ...bar, textLine: `${padEnd(bar.week, 4)} ${'█'.repeat(chars)} ${bar.value}` };
}

/** A SMART goal, its values formatted ("62%", "31 Mar 2027"), with its status badge. */
export function goalRow(goal: { description: string; current: string; target: string; deadline: string; projected: string; status: GoalStatus }): DigestGoal {
  const { status, ...values } = goal;
  const badge = BADGES[status];
  return {
    ...values,
    statusLabel: badge.label,
    badgeBorder: badge.border,
    badgeBackground: badge.background,
    badgeText: badge.text,
    statusTag: padEnd(badge.tag, 10),
  };
}

/** One line of a KPI section; `note` is context in a few words, or '' for none (the text line then ends at the value). */
export function statRow(label: string, value: string, note = ''): DigestStat {
  const columns = `${padEnd(label, 30)} ${padStart(value, 8)}`;
  return { label, value, note, textLine: note === '' ? columns : `${columns}   ${note}` };
}
