/**
 * Docs live in the repo and are tested: the README's command and configuration references,
 * the Compensation plans chapter and spm.config.schema.json are generated from the code
 * (`npm run docs`) and this test fails when any of them is stale; every command has help text
 * with an example.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { REPO } from './helpers/run-spm.js';

describe('documentation', () => {
  it('README references and spm.config.schema.json are up to date (npm run docs)', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'docs.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('every command has a description, an example and a README section', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const leaves: string[] = [];
    const walk = (cmd: ReturnType<typeof buildProgram>, path: string[]): void => {
      for (const sub of cmd.commands) {
        if (sub.commands.length > 0) walk(sub, [...path, sub.name()]);
        else {
          leaves.push([...path, sub.name()].join(' '));
          expect(sub.description(), sub.name()).not.toBe('');
          let after = '';
          for (const l of sub.listeners('afterHelp')) l({ error: false, command: sub, write: (s: string) => (after += s) });
          expect(after, `spm ${sub.name()} has no Examples`).toMatch(/Examples:\n\s+spm /);
        }
      }
    };
    walk(buildProgram(), []);
    expect(leaves).toEqual(['init', 'demo', 'import', 'status', 'report attainment', 'report metrics', 'report commission', 'doctor', 'plan validate']);
    for (const name of leaves) expect(readme).toContain(`### spm ${name}`);
  });

  it('README starts with the two set-up commands, and .ci/run runs the same test command', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
    const setup = readme.slice(0, readme.indexOf('## '));
    expect(setup).toContain('npm ci && npx spm demo');
    expect(setup).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci\nnpm test$/m);
  });
});

describe('configuration defaults', () => {
  it('the start-up defaults equal what the schema gives an empty config', async () => {
    const { parseConfig } = await import('../src/config/parse.js');
    const { defaultConfig } = await import('../src/config/defaults.js');
    expect(defaultConfig()).toEqual(parseConfig({}, 'test'));
  });
});
