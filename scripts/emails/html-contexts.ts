/**
 * Where in the compiled HTML a placeholder stands: in text, in which attribute value
 * (and whether it is the whole value), or somewhere escaping cannot make it safe (a tag,
 * a comment, a <style> or <script>). Our own scanner rather than an HTML parser: a
 * parser rebuilds a DOM (moving stray text out of tables, say) and loses the source
 * offsets this needs; MJML's output is well-formed, which is all this relies on.
 */
import { BuildError } from './build-error';

export type HtmlContext = { kind: 'text' } | { kind: 'attribute'; name: string; whole: boolean } | { kind: 'forbidden'; where: string };

interface Range {
  start: number;
  end: number;
  context: HtmlContext;
}

/**
 * Where in the HTML each region is: tags, attribute values, comments, raw text
 * (style/script). Everything not covered is text. Enough for MJML's output, which
 * is well-formed; it is not a general HTML parser.
 */
export function htmlRegions(html: string, file: string): Range[] {
  const ranges: Range[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      const stop = end === -1 ? html.length : end + 3;
      ranges.push({ start: lt, end: stop, context: { kind: 'forbidden', where: 'an HTML comment' } });
      i = stop;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)|^<!/.exec(html.slice(lt, lt + 64));
    if (!tag) {
      i = lt + 1;
      continue;
    }
    let j = lt + tag[0].length;
    while (j < html.length && html[j] !== '>') {
      const c = html[j]!;
      if (c === '"' || c === "'") {
        // An attribute value: find its name just before the `=`.
        const close = html.indexOf(c, j + 1);
        if (close === -1) throw new BuildError(`${file}: unterminated attribute value in the compiled HTML near "${html.slice(lt, lt + 60)}"`);
        const before = html.slice(lt, j);
        const name = /([^\s"'=<>/]+)\s*=\s*$/.exec(before)?.[1]?.toLowerCase() ?? '?';
        ranges.push({ start: j + 1, end: close, context: { kind: 'attribute', name, whole: false } });
        j = close + 1;
        continue;
      }
      j += 1;
    }
    ranges.push({ start: lt, end: j + 1, context: { kind: 'forbidden', where: 'a tag (outside a quoted attribute value)' } });
    i = j + 1;
    const name = tag[2]?.toLowerCase();
    if (!tag[1] && (name === 'style' || name === 'script')) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const stop = close === -1 ? html.length : close;
      ranges.push({ start: i, end: stop, context: { kind: 'forbidden', where: `a <${name}> element` } });
      i = stop;
    }
  }
  return ranges;
}

/** The context of the `length` characters at `at`. */
export function contextAt(ranges: Range[], at: number, length: number): HtmlContext {
  // Attribute values lie inside their tag's range, so they win.
  let found: HtmlContext = { kind: 'text' };
  for (const r of ranges) {
    if (at < r.start || at >= r.end) continue;
    if (r.context.kind === 'attribute') {
      return { ...r.context, whole: r.start === at && r.end === at + length };
    }
    found = r.context;
  }
  return found;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Why an HTML fragment is not a sequence of whole elements, or undefined when it is (comments are opaque). */
export function unbalanced(fragment: string): string | undefined {
  const open: string[] = [];
  for (const m of fragment.matchAll(/<!--[\s\S]*?-->|<(\/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?(\/?)>/g)) {
    const name = m[2]?.toLowerCase();
    if (name === undefined || VOID_ELEMENTS.has(name) || m[3] === '/') continue;
    if (m[1] !== '/') open.push(name);
    else if (open.pop() !== name) return `</${name}> closes an element it did not open`;
  }
  return open.length > 0 ? `<${open.at(-1)}> is not closed in it` : undefined;
}
