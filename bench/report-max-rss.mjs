// Preloaded into a measured process: its peak resident set size on stderr at exit (the OS's own
// figure, every byte counted, not a sample).
process.on('exit', () => process.stderr.write(`ccpulse-max-rss-kb ${process.resourceUsage().maxRSS}\n`));
