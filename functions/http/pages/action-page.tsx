import { MessagePage } from './layout';

/**
 * A page for a link that changes something. Mail security scanners open every
 * link in an email, so a GET never acts: it shows this page, whose form posts
 * the action. With `autoSubmit`, a browser with JavaScript posts it at once (a
 * person still gets their one click); scanners, which don't run it, change nothing.
 */
export function ActionPage(props: {
  title: string;
  programName: string;
  nonce?: string;
  lead: string;
  action: string;
  fields: Record<string, string>;
  button: string;
  autoSubmit?: boolean;
}) {
  return (
    <MessagePage title={props.title} programName={props.programName} nonce={props.nonce}>
      <p class="lead">{props.lead}</p>
      <form method="post" action={props.action} id="action-form">
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button class="button" type="submit">
          {props.button}
        </button>
      </form>
      {props.autoSubmit ? <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: "document.getElementById('action-form').submit();" }} /> : null}
    </MessagePage>
  );
}
