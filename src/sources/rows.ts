import type { HdfsDatanodesTable, HdfsHostsTable, MetricSamplesTable, Provenance, YarnNodesTable } from '../db/schema.js';
import type { RowOrigin } from './parser.js';

/**
 * What parsers of the built-in kinds return: a fixed table's columns minus the
 * ones the loader fills in (source, cluster, provenance), plus where the row
 * came from. `hostname` is raw, as the input wrote it; the loader normalises it.
 */
type ParsedOf<T> = Omit<T, 'source' | 'cluster' | keyof Provenance> & RowOrigin;

export type HdfsDatanodeRow = ParsedOf<HdfsDatanodesTable>;
export type HdfsHostRow = ParsedOf<HdfsHostsTable>;
export type YarnNodeRow = ParsedOf<YarnNodesTable>;
export type MetricSampleRow = ParsedOf<MetricSamplesTable>;
