/**
 * The hostnames in a `--hosts-file`: one per line as breakfix writes it, read
 * leniently with the HDFS host-file rules (blank-separated tokens, a token
 * starting with `#` ends the line), so a hand-written file with comments works.
 */
export function parseHostsFile(text: string): string[] {
  const hosts: string[] = [];
  for (const line of text.split('\n')) {
    for (const token of line.split(/[ \t\r\f\v]+/)) {
      if (token === '') continue;
      if (token.startsWith('#')) break;
      hosts.push(token);
    }
  }
  return hosts;
}
