import type { Child } from 'hono/jsx';

const CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--brand:#2f5d50;--brand-dark:#1f4037;--ink:#1d2421;--muted:#55605b;--line:#c9d2ce;--bg:#f5f7f6;--error:#b3261e;--focus:#f2b705}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0}
header.site{background:var(--brand);color:#fff;padding:1rem 1.25rem}
header.site p{margin:0;font-weight:600;letter-spacing:.01em}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.25rem;margin:0 0 1.25rem}
fieldset{border:1px solid var(--line);border-radius:12px;padding:1rem 1.25rem 1.25rem;margin:0 0 1.25rem;background:#fff;min-width:0}
legend{font-weight:700;padding:0 .35rem}
label{display:block;font-weight:600;margin:.85rem 0 .25rem}
.hint{display:block;color:var(--muted);font-size:.9rem;margin:0 0 .35rem;font-weight:400}
input[type=text],input[type=email],input[type=number],input[type=time],select,textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #7b8781;border-radius:8px;background:#fff;color:var(--ink)}
textarea{min-height:6rem}
input:focus,select:focus,textarea:focus,button:focus,a:focus{outline:3px solid var(--focus);outline-offset:2px}
.choice{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0;font-weight:400}
.choice input{width:1.25rem;height:1.25rem;margin-top:.15rem;flex:none}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:0 1rem}
.slots{width:100%;border-collapse:collapse;table-layout:fixed}
.slots input{padding:.45rem .4rem;min-width:0}
.slots th,.slots td{padding:.3rem .25rem;text-align:left}
.slots th[scope=row]{font-weight:600;width:5.5rem}
.button{display:inline-block;font:inherit;font-weight:700;background:var(--brand);color:#fff;border:0;border-radius:999px;padding:.8rem 1.6rem;cursor:pointer;text-decoration:none}
.button:hover{background:var(--brand-dark)}
.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}
.card button.button{margin:0 .4rem .4rem 0}
.hint.spaced{margin-top:1rem}
.error-summary{border:3px solid var(--error);border-radius:12px;padding:1rem 1.25rem;background:#fff;margin:0 0 1.25rem}
.error-summary h2{color:var(--error)}
.error-summary a{color:var(--error);font-weight:600}
.field-error{display:block;color:var(--error);font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:var(--error)!important;border-width:2px!important}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.lead{font-size:1.1rem;color:var(--muted)}
footer.site{color:var(--muted);font-size:.85rem;text-align:center;padding:1rem}
@media (max-width:30rem){h1{font-size:1.45rem}main{padding:1rem .9rem 2.5rem}fieldset,.card{padding:.9rem}.slots th[scope=row]{width:4.6rem;font-size:.9rem}}
`;

export function Layout(props: {
  title: string;
  programName: string;
  nonce?: string;
  children: Child;
  scripts?: string;
  /** More CSS after the shared sheet (the console's tables and navigation). */
  css?: string;
  /** Shown in the site header after the program's name (the console's navigation). */
  nav?: Child;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No icon: keeps browsers from asking for /favicon.ico (a 404 on every first page view). */}
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${props.programName}`}</title>
        <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: CSS + (props.css ?? '') }} />
      </head>
      <body>
        <header class="site">
          <p>{props.programName}</p>
          {props.nav ?? null}
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">{props.programName} · Every email we send has a one-click unsubscribe link.</footer>
        {props.scripts ? <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: props.scripts }} /> : null}
      </body>
    </html>
  );
}

/** A page with a heading, a few paragraphs and optional actions: thank-you, confirmed, errors… */
export function MessagePage(props: { title: string; programName: string; nonce?: string; children?: Child }) {
  return (
    <Layout title={props.title} programName={props.programName} nonce={props.nonce}>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}
