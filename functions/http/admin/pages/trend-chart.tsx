/**
 * A small server-rendered line chart (inline SVG, no script): accessible as an
 * image with its own title and description, and the same numbers are in a
 * table next to it (the page puts it there), so nothing depends on seeing it.
 */
export interface ChartBox {
  width: number;
  height: number;
  /** Space around the plot for the axis labels. */
  pad: { top: number; right: number; bottom: number; left: number };
}

export const CHART_BOX: ChartBox = { width: 320, height: 140, pad: { top: 12, right: 12, bottom: 24, left: 36 } };

export interface ChartScale {
  /** The top of the y axis: the largest value rounded up to a "nice" number (at least `floor`). */
  max: number;
  points: ({ x: number; y: number } | null)[];
}

/** 1, 2, 2.5 or 5 × a power of ten, at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value - 1e-9) return step * power;
  return 10 * power;
}

/**
 * Values → points in the SVG's coordinates: evenly spaced from left to right,
 * 0 at the bottom of the plot and `max` at its top; a null value is a gap.
 * `fixedMax` pins the axis (1 for shares, 5 for ratings).
 */
export function chartPoints(values: readonly (number | null)[], box: ChartBox = CHART_BOX, fixedMax?: number): ChartScale {
  const present = values.filter((v): v is number => v !== null);
  const max = fixedMax ?? niceCeiling(Math.max(0, ...present));
  const plotW = box.width - box.pad.left - box.pad.right;
  const plotH = box.height - box.pad.top - box.pad.bottom;
  const step = values.length > 1 ? plotW / (values.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    max,
    points: values.map((v, i) =>
      v === null
        ? null
        : {
            x: round(box.pad.left + (values.length > 1 ? i * step : plotW / 2)),
            y: round(box.pad.top + plotH - (Math.min(Math.max(v, 0), max) / max) * plotH),
          },
    ),
  };
}

/** The points as SVG path data, a new segment after every gap. */
export function pathData(points: readonly ({ x: number; y: number } | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${p.x} ${p.y} `;
    pen = true;
  }
  return d.trim();
}

export function TrendChart(props: {
  id: string;
  title: string;
  labels: readonly string[];
  values: readonly (number | null)[];
  format: (v: number) => string;
  fixedMax?: number;
}) {
  const box = CHART_BOX;
  const { max, points } = chartPoints(props.values, box, props.fixedMax);
  const known = props.values.map((v, i) => (v === null ? null : `${props.labels[i]}: ${props.format(v)}`)).filter((s): s is string => s !== null);
  const desc = known.length ? `Weekly values, oldest first. ${known.join('; ')}.` : 'No values yet for these weeks.';
  const baseline = box.height - box.pad.bottom;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${box.width} ${box.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{desc}</desc>
      <line x1={box.pad.left} y1={baseline} x2={box.width - box.pad.right} y2={baseline} stroke="#7b8781" stroke-width="1" />
      <line x1={box.pad.left} y1={box.pad.top} x2={box.pad.left} y2={baseline} stroke="#7b8781" stroke-width="1" />
      <text x={box.pad.left - 4} y={box.pad.top + 4} text-anchor="end" font-size="10" fill="#55605b">
        {props.format(max)}
      </text>
      <text x={box.pad.left - 4} y={baseline} text-anchor="end" font-size="10" fill="#55605b">
        {props.format(0)}
      </text>
      <text x={box.pad.left} y={box.height - 6} font-size="10" fill="#55605b">
        {props.labels[0] ?? ''}
      </text>
      <text x={box.width - box.pad.right} y={box.height - 6} text-anchor="end" font-size="10" fill="#55605b">
        {props.labels[props.labels.length - 1] ?? ''}
      </text>
      <path d={pathData(points)} fill="none" stroke="#2f5d50" stroke-width="2" />
      {points.map((p) => (p ? <circle cx={p.x} cy={p.y} r="3" fill="#2f5d50" /> : null))}
    </svg>
  );
}
