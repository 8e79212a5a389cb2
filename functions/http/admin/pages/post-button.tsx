/**
 * A console action: one small button that POSTs a form (hidden `fields` with it), so it works
 * without JavaScript; the route redirects back (303). `ariaLabel` names a button whose visible
 * label is short ("Revoke") after the row it acts on.
 */
export function PostButton(props: { action: string; label: string; fields?: Record<string, string>; secondary?: boolean; ariaLabel?: string }) {
  return (
    <form method="post" action={props.action}>
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button class={props.secondary ? 'button small secondary' : 'button small'} type="submit" aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}
