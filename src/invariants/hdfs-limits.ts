import { HDFS_DEFAULTS, type HdfsConfig } from '../config/schema.js';

/** What hdfs-healthy and hdfs-capacity hold one cluster to: `hdfs.clusters.<name>` over `hdfs:` over the defaults. */
export interface HdfsLimits {
  /** Seconds: health older than this fails closed. */
  readonly maxAge: number;
  /** Under-replicated blocks at most this many; undefined = no absolute limit. */
  readonly maxUnderReplicated: number | undefined;
  /** Under-replicated blocks at most this share of the cluster's blocks. */
  readonly maxUnderReplicatedPercent: number;
  readonly replication: number;
  readonly spare: number;
  readonly minFreePercent: number;
}

/** The limits of `cluster`. Own keys only: a cluster named `constructor` has no limits of its own. */
export function hdfsLimitsOf(config: HdfsConfig, cluster: string): HdfsLimits {
  const own = Object.hasOwn(config.clusters, cluster) ? config.clusters[cluster]! : {};
  return {
    maxAge: own.max_age ?? config.max_age ?? HDFS_DEFAULTS.max_age,
    maxUnderReplicated: own.max_under_replicated ?? config.max_under_replicated,
    maxUnderReplicatedPercent: own.max_under_replicated_percent ?? config.max_under_replicated_percent ?? HDFS_DEFAULTS.max_under_replicated_percent,
    replication: own.replication ?? config.replication ?? HDFS_DEFAULTS.replication,
    spare: own.spare ?? config.spare ?? HDFS_DEFAULTS.spare,
    minFreePercent: own.min_free_percent ?? config.min_free_percent ?? HDFS_DEFAULTS.min_free_percent,
  };
}
