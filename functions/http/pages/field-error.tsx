/**
 * A form field's error message, if it has one: `e-<name>` is the id its
 * control's aria-describedby points to, and "Error:" is read out before it.
 */
export function FieldError(props: { name: string; errors: Record<string, string> }) {
  const message = props.errors[props.name];
  return message ? (
    <span class="field-error" id={`e-${props.name}`}>
      <span class="visually-hidden">Error: </span>
      {message}
    </span>
  ) : null;
}
