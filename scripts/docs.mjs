// Regenerates the generated parts of README.md and spm.config.schema.json from the code:
// the command reference (from --help) and the configuration reference (from the config schema).
// `node scripts/docs.mjs` writes them; `node scripts/docs.mjs --check` exits 1 when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram } from '../dist/cli.js';
import { configJsonSchema } from '../dist/config/schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function commandReference() {
  const program = buildProgram();
  const out = [];
  const walk = (cmd, path) => {
    for (const sub of cmd.commands) {
      const name = [...path, sub.name()].join(' ');
      if (sub.commands.length > 0) walk(sub, [...path, sub.name()]);
      else {
        sub.configureHelp({ helpWidth: 100 });
        out.push(`### spm ${name}\n\n\`\`\`text\n${sub.helpInformation().trimEnd()}\n${helpAfter(sub)}\`\`\`\n`);
      }
    }
  };
  program.configureHelp({ helpWidth: 100 });
  out.push(`### spm (global options)\n\n\`\`\`text\n${program.helpInformation().trimEnd()}\n\`\`\`\n`);
  walk(program, []);
  return out.join('\n');
}

function helpAfter(cmd) {
  // Commander keeps addHelpText('after') in listeners; render it the way --help does.
  let text = '';
  const listeners = cmd.listeners('afterHelp');
  for (const l of listeners) l({ error: false, command: cmd, write: (s) => (text += s) });
  return text.replace(/^\n/, '').trimEnd() + (text ? '\n' : '');
}

export function configReference() {
  const rows = ['| key | type | default | description |', '|---|---|---|---|'];
  const walk = (schema, path) => {
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (key === '$schema') continue;
      const p = `${path}${key}`;
      const type = prop.type ?? (prop.anyOf ? prop.anyOf.map((a) => a.type).join(' | ') : prop.enum ? 'enum' : 'object');
      const enumText = prop.enum ? ` (${prop.enum.join(' \\| ')})` : '';
      const dflt = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
      rows.push(`| \`${p}\` | ${Array.isArray(type) ? type.join(' \\| ') : type}${enumText} | ${dflt} | ${(prop.description ?? '').replace(/\|/g, '\\|')} |`);
      if (prop.type === 'object' && prop.properties && !['plans', 'assignments'].includes(key)) walk(prop, `${p}.`);
    }
  };
  walk(configJsonSchema(), '');
  return rows.join('\n') + '\n\nPlans and assignments: see [Compensation plans](#compensation-plans) and `spm.config.schema.json`.\n';
}

function replaceBetween(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

export function render() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  let next = replaceBetween(readme, 'commands', commandReference());
  next = replaceBetween(next, 'config', configReference());
  const plans = readFileSync(join(ROOT, 'docs', 'compensation-plans.md'), 'utf8');
  next = replaceBetween(next, 'plans', plans.trim());
  const schema = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  return { readme, next, schema, schemaNow: readFileSync(join(ROOT, 'spm.config.schema.json'), 'utf8') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readme, next, schema, schemaNow } = render();
  if (process.argv.includes('--check')) {
    const stale = [readme !== next && 'README.md', schema !== schemaNow && 'spm.config.schema.json'].filter(Boolean);
    if (stale.length > 0) {
      console.error(`stale: ${stale.join(', ')} — run npm run docs`);
      process.exit(1);
    }
  } else {
    writeFileSync(join(ROOT, 'README.md'), next);
    writeFileSync(join(ROOT, 'spm.config.schema.json'), schema);
  }
}
