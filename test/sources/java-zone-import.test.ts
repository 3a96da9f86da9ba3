import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { TestWorkspace } from '../helpers/import.js';

/**
 * A dfsadmin -report printed by a JVM in China: every date says CST, which
 * Java prints for Asia/Shanghai (+08:00) as for America/Chicago (-06:00).
 * The same report in UTC is the corpus workspace's.
 */
const UTC_REPORT = readFileSync(join(ROOT, 'test/corpus/workspace/inputs/hdfs-report-dwh.txt'), 'utf8');
const CST_REPORT = readFileSync(join(ROOT, 'test/corpus/inputs/hdfs-dwh/china-cst-dates.txt'), 'utf8');

const config = (option: string) => `
sources:
  hdfs-bj: { kind: hdfs-report, cluster: bj, path: inputs/report.txt${option} }
`;

let tw: TestWorkspace;
afterEach(async () => tw?.close());

async function contacts(option: string, report: string): Promise<{ reports: Awaited<ReturnType<TestWorkspace['import']>>; rows: Record<string, unknown>[] }> {
  tw = new TestWorkspace(config(option), { 'inputs/report.txt': report });
  const reports = await tw.import();
  return { reports, rows: await tw.rows('SELECT hostname, last_contact, last_block_report FROM hdfs_datanodes ORDER BY hostname') };
}

describe('hdfs-report dates with an ambiguous zone abbreviation', () => {
  it('are an input error naming the file, the line and the option when the source has no timezone', async () => {
    const { reports } = await contacts('', CST_REPORT);
    expect(reports[0]!.status).toBe('failed');
    expect(reports[0]!.error).toBe(
      `${join(tw.dir, 'inputs/report.txt')}:48: Last contact: the time zone "CST" in "Wed May 01 19:59:59 CST 2024" is ambiguous (-06:00 US Central, -05:00 Cuba or +08:00 China, Taiwan, Macau): ` +
        'set sources.hdfs-bj.timezone to the IANA zone of the JVM that printed it (like Asia/Shanghai), or capture it with TZ=UTC',
    );
  });

  it('are read in the timezone: the source gives, as the same report printed in UTC is', async () => {
    const china = await contacts(', timezone: Asia/Shanghai', CST_REPORT);
    expect(china.reports[0]!.status).toBe('ok');
    await tw.close();
    const utc = await contacts('', UTC_REPORT);
    expect(china.rows).toEqual(utc.rows);
    expect(china.rows.length).toBeGreaterThan(5);
  });

  // ICU takes CST as a zone name (America/Chicago): that is the very guess the option replaces.
  it.each(['CST', 'IST', 'Mars/Olympus_Mons', '+08:00'])('refuses timezone: %s, at its line', (zone) => {
    expect(() => new TestWorkspace(config(`, timezone: "${zone}"`))).toThrow(
      `breakfix.yaml:3: sources.hdfs-bj.timezone: expected an IANA time zone by region and city, like "Asia/Shanghai" or "America/Chicago" (not an abbreviation), got "${zone}"`,
    );
  });
});
