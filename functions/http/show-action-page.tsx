import { ActionPage } from './pages/action-page';
import type { Ctx } from './types';

/**
 * The answer to a GET of a link that changes something: its ActionPage (the
 * change is the POST of the page's button), for this program, with the
 * request's CSP nonce and the hidden `fields`, if any, the POST needs.
 */
export function showActionPage(
  c: Ctx,
  programName: string,
  page: { title: string; lead: string; action: string; button: string; fields?: Record<string, string> },
) {
  return c.html(<ActionPage {...page} programName={programName} nonce={c.get('secureHeadersNonce')} fields={page.fields ?? {}} />);
}
