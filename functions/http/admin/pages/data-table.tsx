import type { Child } from 'hono/jsx';

/**
 * Every console table. The `.table-wrap` around it is a focusable, labelled region: a table
 * wider than a phone scrolls, and keyboard users must be able to scroll it too (axe's
 * scrollable-region-focusable).
 */
export function DataTable(props: {
  /** Names the scrollable region (and so the table, for screen readers). */
  label: string;
  /** Column headers; a falsy entry is a column this view leaves out. None: no header row. */
  columns: readonly (Child | false | null | undefined)[];
  /** The id of a heading that names the table. */
  labelledBy?: string;
  /** A caption; hidden unless `captionVisible` (a table with no heading of its own). */
  caption?: Child;
  captionVisible?: boolean;
  /** The body rows. */
  children: Child;
}) {
  const columns = props.columns.filter((c) => c !== false && c !== null && c !== undefined && c !== '');
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabindex={0}>
      <table class="data" aria-labelledby={props.labelledBy}>
        {props.caption === undefined ? null : <caption class={props.captionVisible ? undefined : 'visually-hidden'}>{props.caption}</caption>}
        {columns.length ? (
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
