import type { HostNormalizer } from './host-normalizer.js';
import type { LoadTarget, RowSink } from './load-target.js';
import type { RowOrigin } from './parser.js';

/**
 * Writes parsed rows of a built-in kind into its fixed table (hdfs_datanodes,
 * yarn_nodes, metric_samples, hdfs_hosts), adding the source, the cluster
 * (when the table has one) and the row's provenance, and normalising the
 * hostname at the row's line.
 */
export class FixedTableSink<R extends RowOrigin & { hostname: string }> {
  private readonly inserter: RowSink;
  private readonly values: unknown[];
  private readonly hostIndex: number;
  private readonly fieldsStart: number;
  count = 0;

  constructor(
    target: LoadTarget,
    table: string,
    private readonly fields: readonly (keyof R & string)[],
    private readonly context: {
      readonly source: string;
      readonly cluster: string | undefined;
      readonly importId: number;
      readonly hosts: HostNormalizer;
    },
  ) {
    // Source, cluster and import id are the same on every row: statement constants, not per-row binds.
    const constants: [string, string | number][] = [['source', context.source], ['_import', context.importId]];
    if (context.cluster !== undefined) constants.push(['cluster', context.cluster]);
    this.fieldsStart = 0;
    this.inserter = target.inserter(table, [...fields, '_line', '_path'], { constants });
    this.values = [...fields.map(() => null), null, null];
    this.hostIndex = this.fieldsStart + fields.indexOf('hostname');
  }

  push(row: R): void {
    const v = this.values;
    const fields = this.fields;
    const base = this.fieldsStart;
    for (let i = 0; i < fields.length; i++) {
      const value = row[fields[i]!];
      v[base + i] = value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    v[this.hostIndex] = this.context.hosts.normalize(row.hostname, row);
    v[v.length - 2] = row.line;
    v[v.length - 1] = row.path;
    this.inserter.push(v);
    this.count++;
  }

  flush(): number {
    return this.inserter.flush();
  }
}
