import type { AtRiskPair } from '../aggregates';
import { DAY_MS } from '../iso-week';
import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';

/** Pairs at risk now: the gauge, or the listed pairs when the gauge has never been written. */
export const atRiskNow = ({ gauges, inputs, g }: KpiWindow): number => (gauges.pairs_at_risk === undefined ? inputs.atRisk.length : g('pairs_at_risk'));

export function atRisk(win: KpiWindow): DigestKpis['atRisk'] {
  const { inputs, nowMs } = win;
  return {
    count: atRiskNow(win),
    pairs: inputs.atRisk
      .map((p) => ({ ...p, daysQuiet: daysQuiet(p, nowMs) }))
      .sort((a, b) => b.daysQuiet - a.daysQuiet || a.pairedAt.localeCompare(b.pairedAt) || a.pairId.localeCompare(b.pairId)),
  };
}

function daysQuiet(pair: AtRiskPair, nowMs: number): number {
  const last = Date.parse(pair.lastActivityAt);
  const since = Number.isFinite(last) ? last : Date.parse(pair.pairedAt);
  return Number.isFinite(since) ? Math.max(0, Math.floor((nowMs - since) / DAY_MS)) : 0;
}
