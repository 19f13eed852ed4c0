// Runs one spm command in this process and reports its peak RSS on stderr (for npm run bench).
import { main } from '../dist/cli.js';

const code = await main(['node', 'spm', ...process.argv.slice(2)]);
process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
