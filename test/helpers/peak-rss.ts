// Runs the CLI with the given arguments, then reports the process's peak resident set size on stderr
// (`peak-rss-kb=<n>`), so a test can bound the memory a command takes.
import { main } from '../../cli/main';

const code = await main(process.argv.slice(2));
process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
