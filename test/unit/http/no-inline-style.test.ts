/**
 * The pages' Content-Security-Policy allows styles only from the nonced <style>
 * element, so a browser ignores every `style="…"` attribute: a page that relies
 * on one looks right in a test that reads HTML and wrong in a real browser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const HTTP = join(import.meta.dirname, '../../../functions/http');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

describe('pages under a nonce-only style policy', () => {
  it('use classes, never a style attribute', () => {
    const files = tsxFiles(HTTP);
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) => /\sstyle=["{]/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
