/**
 * A person pressing the one button of a link's page, for tests without a
 * browser: GET the page (which changes nothing), then POST its form the way a
 * browser on the same site does. Links in emails never act on GET.
 */
export async function pressButton(url: string): Promise<Response> {
  const page = await fetch(url);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form to submit on ${new URL(url).pathname.split('/')[1]} page (HTTP ${page.status})`);
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.append(name!, value!.replace(/&amp;/g, '&'));
  const target = new URL(action.replace(/&amp;/g, '&'), url);
  return fetch(target, { method: 'POST', headers: { origin: target.origin, 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
}
