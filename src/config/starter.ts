/**
 * What `breakfix init` writes: a commented config that loads as it is, small
 * example inputs and queries, so `breakfix init ws && breakfix -C ws pass`
 * works at once and every key is documented where it is used.
 */
export const STARTER_CONFIG = `# breakfix.yaml — one workspace, normally one datacenter.
# Reference: breakfix's README.md ("Config reference"). Durations: 90s, 10m, 2h, 1d.

# "today" (the runs/DAY directory) is computed in this time zone.
timezone: UTC

# Applied to every hostname of every source before it is stored.
hosts:
  lowercase: true
  strip_port: true          # "dn1.example.com:9866" -> "dn1.example.com"
  # qualify: .smf1.example.com   # short names get this suffix (a short-name exclude
  #                               # file against an FQDN inventory matches nothing otherwise)
  # inventory: inventory    # the inventory IPs map through (default: the first one)

health:
  up_metric: up             # the metric whose value 0 means "down"
  # up_labels: { job: node } # only these series of it count (a host has one per target scraping it)
  max_sample_age: 15m       # an older sample counts as missing (view 'unresponsive')

# Commands (command: sources, action run:) get PATH, HOME, USER, LOGNAME, LANG,
# LANGUAGE, LC_*, TZ, TMPDIR and BREAKFIX_* only; list here what else they need
# (names, or prefixes like HADOOP_*). Sources and actions may add their own env:.
env: []
# env: [JAVA_HOME, HADOOP_CONF_DIR, KRB5CCNAME]

sources:
  # The machine inventory: a wide dump, one row per host.
  inventory:
    kind: inventory
    path: inputs/inventory.tsv     # or: command: [inventory-dump, --dc, smf1]
    format: tsv                    # tsv | csv
    header: false                  # true: the first line names the columns
    columns: [hostname, cluster, role, rack, data_group, lifecycle]
    null: "-"                      # the empty-field placeholder
    max_age: 1d                    # for the inputs-fresh invariant
  # A host list: HDFS host-file rules (whitespace-separated, '#' comments, host:port ok).
  excluded:
    kind: hostlist
    path: inputs/excluded
    allow_empty: true              # an empty exclude list is normal; other sources fail closed
  # The cluster's DataNodes and health (hdfs dfsadmin -report): what hdfs-healthy
  # and hdfs-capacity read. A real workspace runs the command every pass:
  #   command: [sudo, -u, hdfs, hdfs, dfsadmin, -report]
  # (this example file ages: an hour after init its health is too old to drain on).
  hdfs-dwh:
    kind: hdfs-report
    cluster: dwh
    path: inputs/hdfs-dwh.report
  # More kinds (each may use path: or command:, with timeout:, max_output: (default 1G) and env:):
  # metrics:    { kind: metrics, format: prometheus-text, command: [curl, -sf, "http://prom:9090/federate?match[]=up"] }
  # jmx-dwh:    { kind: hdfs-jmx, cluster: dwh, command: [curl, -sf, "http://nn:9870/jmx?qry=Hadoop:service=NameNode,name=*"] }
  #             (NameNodeInfo's nodes, FSNamesystem's health, DecomNodes' progress; datanodes: false reads only the last two)
  # hosts-dwh:  { kind: hdfs-hosts, cluster: dwh, path: /etc/hadoop/conf/dfs.hosts.json }
  # yarn-dwh:   { kind: yarn-nodes, cluster: dwh, command: [yarn, node, -list, -all] }
  # rm-dwh:     { kind: yarn-rest, cluster: dwh, command: [curl, -sf, "http://rm:8088/ws/v1/cluster/nodes"] }
  # tickets:    { kind: table, format: csv, header: true, path: inputs/tickets.csv, host_columns: [hostname] }

policy:
  archetypes:                      # share of a cluster that may be out at once
    default: { percent: 6, floor: 1, ceiling: 200 }
    # dense: { percent: 8 }
    # small: { percent: 2, ceiling: 3 }
  # classify: cluster-archetype    # a view (cluster, archetype); unlisted clusters are 'default'
  overrides: []
  # overrides:
  #   - { cluster: cache-prod, max: 1, reason: "production critical; INCIDENT-1234" }
  thresholds:
    shrink_percent: 10             # inputs-not-shrunk: a source may lose at most 10% of its rows
    candidates_percent: 25         # candidates-sane: candidates at most 25% of the population

# What hdfs-healthy and hdfs-capacity hold each cluster to (per cluster under clusters:).
hdfs:
  max_age: 1h                      # older health fails closed
  max_under_replicated_percent: 10 # hdfs-healthy: under-replicated blocks at most 10% of the blocks
  # max_under_replicated: 500000   #   ... and/or at most this many
  replication: 3                   # hdfs-capacity: keep replication + spare live in-service DataNodes
  spare: 0
  min_free_percent: 10             #   ... and this share of DFS capacity free after the plan
  stuck_passes: 3                  # view hdfs-decommission-stuck: no progress in this many imports
  clusters: {}
  # clusters:
  #   archive: { replication: 2, min_free_percent: 5 }

actions:                           # planned in this order, sharing each cluster's budget
  drain:
    description: take broken workers out of service
    candidates: drain-candidates   # a view: hostname, cluster (+ spread and group columns)
    in_progress: out-of-service    # hosts already out: they use budget
    population: workers            # what 'percent' is of (default: the inventory's hosts)
    spread: rack                   # never pick adjacent hosts
    group: data_group              # replica group column ...
    max_groups: 1                  # ... at most this many groups out per cluster
    max_per_pass: 20
    # hdfs-healthy: no drain while the cluster has missing or corrupt blocks, is in safe
    # mode or is too under-replicated; hdfs-capacity: the plan is cut to what the cluster
    # can re-replicate (both fail closed when the cluster's HDFS health is missing or old).
    invariants: [inputs-fresh, inputs-not-shrunk, candidates-sane, hdfs-healthy, hdfs-capacity]
    deny: []                       # views (hostname, reason) of hosts never to touch
    run: [echo, drain, --hosts-file, "{hosts_file}"]   # argv, no shell; or "{host}" per host
    timeout: 10m
    concurrency: 1                 # for "{host}" commands
`;

export const STARTER_INVENTORY = [
  'dn0001.smf1.example.com\tdwh\thadoop-worker\t/smf1/r01\tg01\tmanaged',
  'dn0002.smf1.example.com\tdwh\thadoop-worker\t/smf1/r02\tg01\trepair',
  'dn0003.smf1.example.com\tdwh\thadoop-worker\t/smf1/r03\tg02\tmanaged',
  'dn0004.smf1.example.com\tdwh\thadoop-worker\t/smf1/r01\tg02\tmanaged',
  'gw0001.smf1.example.com\tdwh\tgateway\t/smf1/r01\t-\tmanaged',
].join('\n') + '\n';

/** `hdfs dfsadmin -report` of the starter inventory's four DataNodes (Hadoop 3.3): what the hdfs-dwh source reads. */
export const STARTER_HDFS_REPORT = `Configured Capacity: 191933472571392 (174.56 TB)
Present Capacity: 191652152213504 (174.31 TB)
DFS Remaining: 72506799714304 (65.94 TB)
DFS Used: 119145352499200 (108.36 TB)
DFS Used%: 62.17%
Replicated Blocks:
\tUnder replicated blocks: 0
\tBlocks with corrupt replicas: 0
\tMissing blocks: 0
\tMissing blocks (with replication factor 1): 0
\tLow redundancy blocks with highest priority to recover: 0
\tPending deletion blocks: 0
Erasure Coded Block Groups: 
\tLow redundancy block groups: 0
\tBlock groups with corrupt internal blocks: 0
\tMissing block groups: 0
\tLow redundancy blocks with highest priority to recover: 0
\tPending deletion blocks: 0

-------------------------------------------------
Live datanodes (4):

Name: 10.176.1.11:9866 (dn0001.smf1.example.com)
Hostname: dn0001.smf1.example.com
Rack: /smf1/r01
Decommission Status : Normal
Configured Capacity: 47983368142848 (43.64 TB)
DFS Used: 30123456512000 (27.40 TB)
Non DFS Used: 68719476736 (64 GB)
DFS Remaining: 17791192154112 (16.18 TB)
DFS Used%: 62.78%
DFS Remaining%: 37.08%
Configured Cache Capacity: 0 (0 B)
Cache Used: 0 (0 B)
Cache Remaining: 0 (0 B)
Cache Used%: 100.00%
Cache Remaining%: 0.00%
Xceivers: 14
Last contact: Sun Nov 22 23:59:59 UTC 2026
Last Block Report: Sun Nov 22 21:53:03 UTC 2026
Num of Blocks: 268901


Name: 10.176.2.12:9866 (dn0002.smf1.example.com)
Hostname: dn0002.smf1.example.com
Rack: /smf1/r02
Decommission Status : Normal
Configured Capacity: 47983368142848 (43.64 TB)
DFS Used: 28441877708800 (25.87 TB)
Non DFS Used: 73014444032 (68 GB)
DFS Remaining: 19468475990016 (17.71 TB)
DFS Used%: 59.27%
DFS Remaining%: 40.57%
Configured Cache Capacity: 0 (0 B)
Cache Used: 0 (0 B)
Cache Remaining: 0 (0 B)
Cache Used%: 100.00%
Cache Remaining%: 0.00%
Xceivers: 9
Last contact: Sun Nov 22 23:59:59 UTC 2026
Last Block Report: Sun Nov 22 21:53:03 UTC 2026
Num of Blocks: 253888


Name: 10.176.3.13:9866 (dn0003.smf1.example.com)
Hostname: dn0003.smf1.example.com
Rack: /smf1/r03
Decommission Status : Normal
Configured Capacity: 47983368142848 (43.64 TB)
DFS Used: 31009845760000 (28.20 TB)
Non DFS Used: 70866960384 (66 GB)
DFS Remaining: 16902655422464 (15.37 TB)
DFS Used%: 64.63%
DFS Remaining%: 35.23%
Configured Cache Capacity: 0 (0 B)
Cache Used: 0 (0 B)
Cache Remaining: 0 (0 B)
Cache Used%: 100.00%
Cache Remaining%: 0.00%
Xceivers: 21
Last contact: Sun Nov 22 23:59:59 UTC 2026
Last Block Report: Sun Nov 22 21:53:03 UTC 2026
Num of Blocks: 276813


Name: 10.176.1.14:9866 (dn0004.smf1.example.com)
Hostname: dn0004.smf1.example.com
Rack: /smf1/r01
Decommission Status : Normal
Configured Capacity: 47983368142848 (43.64 TB)
DFS Used: 29570172518400 (26.89 TB)
Non DFS Used: 68719476736 (64 GB)
DFS Remaining: 18344476147712 (16.68 TB)
DFS Used%: 61.63%
DFS Remaining%: 38.23%
Configured Cache Capacity: 0 (0 B)
Cache Used: 0 (0 B)
Cache Remaining: 0 (0 B)
Cache Used%: 100.00%
Cache Remaining%: 0.00%
Xceivers: 12
Last contact: Sun Nov 22 23:59:59 UTC 2026
Last Block Report: Sun Nov 22 21:53:03 UTC 2026
Num of Blocks: 263960

`;

export const STARTER_EXCLUDED = `# dfs.hosts.exclude-style list: one or more hosts per line, '#' comments
`;

export const STARTER_QUERIES: Record<string, string> = {
  'workers.sql': `-- description: Hadoop workers of every cluster (the population budgets are a share of)
SELECT hostname, cluster
FROM inventory
WHERE role = 'hadoop-worker'
`,
  'out-of-service.sql': `-- description: workers already out of service (they use budget)
SELECT hostname, cluster, data_group
FROM inventory
WHERE role = 'hadoop-worker' AND lifecycle <> 'managed'
`,
  'drain-candidates.sql': `-- description: managed workers not excluded yet — edit to express "broken" for your fleet
SELECT i.hostname, i.cluster, i.rack, i.data_group
FROM inventory AS i
WHERE i.role = 'hadoop-worker'
  AND i.lifecycle = 'managed'
  AND i.hostname IN (SELECT hostname FROM excluded)
`,
};
