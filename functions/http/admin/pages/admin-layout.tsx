import type { Child } from 'hono/jsx';
import { Layout } from '../../pages/layout';

const CSS = `
main.console,main:has(.console){max-width:72rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
nav.console ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
nav.console a{color:#fff;font-weight:600;text-decoration:none;padding:.25rem 0;border-bottom:2px solid transparent}
nav.console a[aria-current=page]{border-bottom-color:#fff}
nav.console form{display:inline;margin:0}
nav.console button{font:inherit;font-weight:600;background:none;border:1px solid #fff;border-radius:999px;color:#fff;padding:.2rem .8rem;cursor:pointer}
.table-wrap{overflow-x:auto;margin:0 0 1.25rem}
.console h1,.console p,.console li{overflow-wrap:anywhere}
table.data{width:100%;border-collapse:collapse;background:#fff;font-size:.95rem}
table.data th,table.data td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
table.data th{background:#eef2f0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
.actions form{margin:0}
.button.small{padding:.4rem 1rem;font-size:.9rem}
.badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.85rem;background:#e4ece8;color:var(--ink)}
.notice{border-left:4px solid var(--brand);background:#fff;padding:.75rem 1rem;margin:0 0 1.25rem}
`;

/** The console's sections, in the order of the navigation. */
export const CONSOLE_SECTIONS = [
  { href: '/admin/dashboard', label: 'Dashboard' },
  { href: '/admin/people', label: 'People' },
  { href: '/admin/rounds', label: 'Rounds' },
  { href: '/admin/settings', label: 'Settings' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/admins', label: 'Admins and keys' },
] as const;

/** Every console page: the program's header with the console's navigation and a sign-out button (a POST, as every change). */
export function AdminLayout(props: {
  title: string;
  programName: string;
  nonce?: string;
  current?: string;
  children: Child;
  /** More CSS for this page. */ css?: string;
}) {
  const nav = (
    <nav class="console" aria-label="Console">
      <ul>
        {CONSOLE_SECTIONS.map((s) => (
          <li>
            <a href={s.href} aria-current={props.current === s.href ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
        <li>
          <form method="post" action="/admin/sign-out">
            <button type="submit">Sign out</button>
          </form>
        </li>
      </ul>
    </nav>
  );
  return (
    <Layout title={props.title} programName={props.programName} nonce={props.nonce} css={CSS + (props.css ?? '')} nav={nav}>
      <div class="console">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  );
}
