import { describe, expect, it } from 'vitest';
import { defaultComment, hostsOf, parseArgs } from '../../src/hostfile/cli.js';

describe('breakfix-exclude command line', () => {
  it.each([
    [[], 'expected add, remove or list, got nothing'],
    [['drain'], 'expected add, remove or list, got "drain"'],
    [['add', '--host', 'a.x.test'], '--file is required'],
    [['add', '--file', 'f'], 'no hosts: give --host NAME or --hosts-file PATH'],
    [['add', '--file'], '--file needs a value'],
    [['add', '--file', 'f', '--host', 'a.x.test', '--then', ';'], "--then needs a command (ended by ';' or the end of the line)"],
    [['add', '--file', 'f', '--host', 'a.x.test', '--lock-timeout', '2m'], '--lock-timeout wants whole seconds, got "2m"'],
    [['add', '--file', 'f', '--host', 'a.x.test', '--comment', 'two\nlines'], '--comment must be one line of printable text'],
    [['remove', '--file', 'f', '--host', 'a.x.test', '--comment', 'x'], '--comment is for add'],
    [['list', '--file', 'f', '--host', 'a.x.test'], 'list takes only --file'],
    [['add', '--file', 'f', '--hosts', 'p'], 'unknown argument "--hosts"'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('takes several --then commands, each ended by ";" or the end of the line', () => {
    const cmd = parseArgs(['add', '--file', 'a', '--file', 'b', '--host', 'h.x.test', '--then', 'hdfs', 'dfsadmin', '-refreshNodes', ';', '--then', 'yarn', 'rmadmin', '-refreshNodes']);
    expect(cmd.files).toEqual(['a', 'b']);
    expect(cmd.then).toEqual([
      ['hdfs', 'dfsadmin', '-refreshNodes'],
      ['yarn', 'rmadmin', '-refreshNodes'],
    ]);
  });

  it('validates every host: argv and hosts file lines (with the line number), lower-cased', () => {
    const cmd = parseArgs(['add', '--file', 'f', '--host', 'DN1.X.test', '--hosts-file', 'plan']);
    expect(hostsOf(cmd, () => '# plan\ndn2.x.test\n\n10.0.0.7\n')).toEqual(['dn1.x.test', 'dn2.x.test', '10.0.0.7']);
    expect(() => hostsOf(cmd, () => 'dn2.x.test\n$(reboot)\n')).toThrow(`plan:2: invalid hostname "$(reboot)": '$' is not allowed in a hostname (RFC 1123: letters, digits, '-' and '.')`);
    const bad = parseArgs(['add', '--file', 'f', '--host', 'a;rm -rf']);
    expect(() => hostsOf(bad)).toThrow(`--host: invalid hostname "a;rm -rf": ';' is not allowed in a hostname (RFC 1123: letters, digits, '-' and '.')`);
  });

  it('says who excluded a host when breakfix runs it as an action', () => {
    expect(defaultComment({ BREAKFIX_ACTION: 'drain', BREAKFIX_DAY: '2026-12-04', BREAKFIX_PASS: '3' })).toBe('breakfix drain 2026-12-04 pass 3');
    expect(defaultComment({})).toBeUndefined();
  });
});
