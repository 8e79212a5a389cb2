import { MessagePage } from './layout';

/**
 * A page for a link that changes something. Mail security scanners open every
 * link in an email, and some of them run the page's JavaScript, so a GET never
 * acts and nothing submits itself: the page explains what will happen and the
 * change is made by the POST of a person pressing its button.
 */
export function ActionPage(props: {
  title: string;
  programName: string;
  nonce?: string;
  lead: string;
  action: string;
  fields: Record<string, string>;
  button: string;
}) {
  return (
    <MessagePage title={props.title} programName={props.programName} nonce={props.nonce}>
      <p class="lead">{props.lead}</p>
      <form method="post" action={props.action}>
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button class="button" type="submit">
          {props.button}
        </button>
      </form>
    </MessagePage>
  );
}
