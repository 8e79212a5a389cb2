/**
 * README's deploy path from a clean clone: the files git would give a new user
 * (tracked, plus new ones not ignored — so generated modules are absent), the
 * installed packages, then `npx cdk synth` exactly as README shows it. This is
 * the one infra test that bundles every function with esbuild, so it is slow.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundling';

describe('a clean clone', () => {
  let clone: string;

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'mentor-loop-clone-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file && existsSync(join(REPO_ROOT, file)));
    for (const file of files) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(REPO_ROOT, file), join(clone, file));
    }
    // `npm ci` would give the same packages; linking them keeps the test offline and fast.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('has no generated email module yet', () => {
    expect(existsSync(join(clone, 'functions', 'email-rendering', 'templates.generated.ts'))).toBe(false);
  });

  it('synthesizes every stack with `npx cdk synth`, bundling each function', { timeout: 300_000 }, () => {
    const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices'], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 280_000,
      env: { ...process.env, CDK_DEFAULT_ACCOUNT: '', CDK_DEFAULT_REGION: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const out = join(clone, 'cdk.out');
    const template = JSON.parse(readFileSync(join(out, 'Mentoring-demo-App.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(6);
    const bundles = readdirSync(out).filter((name) => name.startsWith('asset.') && existsSync(join(out, name, 'index.mjs')));
    expect(bundles.length).toBeGreaterThanOrEqual(6);
  });
});
