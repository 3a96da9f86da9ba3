package dev.breakfix.minihadoop;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSCluster.DataNodeProperties;
import org.apache.hadoop.hdfs.protocol.HdfsConstants.DatanodeReportType;
import org.apache.hadoop.hdfs.server.blockmanagement.CombinedHostFileManager;
import org.apache.hadoop.hdfs.server.blockmanagement.DatanodeDescriptor;
import org.apache.hadoop.hdfs.server.blockmanagement.DatanodeManager;
import org.apache.hadoop.hdfs.server.blockmanagement.HostConfigManager;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.FSNamesystem;

/**
 * A MiniDFSCluster whose DataNodes are the topology's hosts: each registers
 * under its own hostname and address, in its rack, and the NameNode reads
 * include/exclude files (or the combined JSON hosts file) from the client
 * configuration directory, where an operator's tooling edits them.
 */
final class Hdfs {
  private final Topology topology;
  private final Path confDir;
  private final boolean jsonHosts;
  private final MiniDFSCluster cluster;
  /** DataNodes stopped by `down`, by hostname, for `up` and `reinstall`. */
  private final Map<String, DataNodeProperties> stopped = new HashMap<>();

  Hdfs(Topology topology, Path baseDir, Path confDir, Path serverConfDir, boolean jsonHosts, long blockSize) throws IOException {
    this.topology = topology;
    this.confDir = confDir;
    this.jsonHosts = jsonHosts;
    Configuration conf = new HdfsConfiguration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.resolve("hdfs").toString());
    conf.setLong("dfs.blocksize", blockSize);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 0);
    conf.setInt("dfs.replication", 3);
    // The timing knobs of Hadoop's own decommission tests: a dead DataNode
    // after 2 * recheck + 10 * heartbeat = 11 s, the decommission and
    // redundancy monitors every second, enough re-replication per round
    // that a drain of a few hundred blocks takes seconds.
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.namenode.heartbeat.recheck-interval", 500);
    conf.setInt("dfs.namenode.decommission.interval", 1);
    conf.setInt("dfs.namenode.redundancy.interval.seconds", 1);
    conf.setInt("dfs.namenode.replication.work.multiplier.per.iteration", 10);
    conf.setInt("dfs.namenode.replication.max-streams", 20);
    conf.setInt("dfs.namenode.replication.max-streams-hard-limit", 40);
    conf.setInt("dfs.namenode.reconstruction.pending.timeout-sec", 10);
    conf.setBoolean("dfs.namenode.redundancy.considerLoad", false);
    conf.setInt("dfs.namenode.safemode.extension", 0);
    conf.setBoolean("dfs.namenode.datanode.registration.ip-hostname-check", false);
    // A DataNode leaves Entering Maintenance once each of its blocks has this
    // many live replicas on nodes in service (default 1). At 2, a block held
    // by only one other in-service node keeps it entering maintenance for as
    // long as a test needs that state; at 1, re-replication racing the test
    // could finish it first (seen on a loaded machine).
    conf.setInt("dfs.namenode.maintenance.replication.min", 2);
    writeHostsFiles(conf);
    // What the NameNode re-reads on -refreshNodes (it builds a new HdfsConfiguration from the classpath).
    ConfigXml.write(serverConfDir.resolve("hdfs-site.xml"), "the NameNode's hdfs-site.xml, re-read on -refreshNodes",
        "dfs.hosts", conf.get("dfs.hosts"),
        "dfs.hosts.exclude", conf.get("dfs.hosts.exclude", ""),
        "dfs.namenode.hosts.provider.classname", conf.get("dfs.namenode.hosts.provider.classname", ""));

    String[] names = topology.hosts.stream().map(Topology.Host::name).toArray(String[]::new);
    String[] racks = topology.hosts.stream().map(Topology.Host::rack).toArray(String[]::new);
    Configuration[] overlays = new Configuration[names.length];
    for (int i = 0; i < names.length; i++) overlays[i] = dataNodeOverlay(topology.hosts.get(i).ip());
    this.cluster = new MiniDFSCluster.Builder(conf)
        .numDataNodes(names.length)
        .hosts(names)
        .racks(racks)
        .dataNodeConfOverlays(overlays)
        .checkDataNodeAddrConfig(true)
        .build();
    cluster.waitActive();
  }

  /** One DataNode's addresses: its own IP for listening and for connecting out (see BoundSocketFactory). */
  private static Configuration dataNodeOverlay(String ip) {
    Configuration c = new Configuration(false);
    c.set("dfs.datanode.address", ip + ":0");
    c.set("dfs.datanode.http.address", ip + ":0");
    c.set("dfs.datanode.ipc.address", ip + ":0");
    c.set("hadoop.rpc.socket.factory.class.default", BoundSocketFactory.class.getName());
    c.set(BoundSocketFactory.BIND_ADDRESS, ip);
    return c;
  }

  private void writeHostsFiles(Configuration conf) throws IOException {
    if (jsonHosts) {
      conf.setClass("dfs.namenode.hosts.provider.classname", CombinedHostFileManager.class, HostConfigManager.class);
      StringBuilder sb = new StringBuilder("[\n");
      List<String> all = new ArrayList<>();
      for (Topology.Host h : topology.hosts) all.add(h.name());
      for (Topology.Host h : topology.ghosts) all.add(h.name());
      for (int i = 0; i < all.size(); i++) {
        sb.append("  {\"hostName\": \"").append(all.get(i)).append("\"}").append(i + 1 < all.size() ? ",\n" : "\n");
      }
      sb.append("]\n");
      Path json = confDir.resolve("dfs.hosts.json");
      Files.writeString(json, sb.toString(), StandardCharsets.UTF_8);
      conf.set("dfs.hosts", json.toString());
    } else {
      StringBuilder include = new StringBuilder("# dfs.hosts: the DataNodes allowed to register\n");
      for (Topology.Host h : topology.hosts) include.append(h.name()).append('\n');
      for (Topology.Host h : topology.ghosts) include.append(h.name()).append('\n');
      Path inc = confDir.resolve("dfs.include");
      Files.writeString(inc, include.toString(), StandardCharsets.UTF_8);
      Path exc = confDir.resolve("dfs.exclude");
      Files.writeString(exc, "# dfs.hosts.exclude: DataNodes to decommission (then: hdfs dfsadmin -refreshNodes)\n", StandardCharsets.UTF_8);
      conf.set("dfs.hosts", inc.toString());
      conf.set("dfs.hosts.exclude", exc.toString());
    }
  }

  Configuration conf() {
    return cluster.getConfiguration(0);
  }

  FileSystem fileSystem() throws IOException {
    return cluster.getFileSystem();
  }

  URI uri() {
    return cluster.getURI();
  }

  int httpPort() {
    return cluster.getNameNode().getHttpAddress().getPort();
  }

  FSNamesystem namesystem() {
    return cluster.getNamesystem();
  }

  boolean isRunning(String host) {
    return running(host) != null;
  }

  /** The DataNode of a host, known by its address (its DatanodeID exists only once it has registered). */
  private DataNode running(String host) {
    String ip = topology.host(host).ip();
    for (DataNode dn : cluster.getDataNodes()) {
      if (dn.getXferAddress().getAddress().getHostAddress().equals(ip)) return dn;
    }
    return null;
  }

  /** The host goes down: its DataNode stops, and the NameNode declares it dead once heartbeats have been missing long enough. */
  synchronized void stop(String host) {
    topology.host(host);
    if (stopped.containsKey(host)) return;
    DataNode dn = running(host);
    List<DataNode> dns = cluster.getDataNodes();
    for (int i = 0; i < dns.size(); i++) {
      if (dns.get(i) == dn) {
        stopped.put(host, cluster.stopDataNode(i));
        return;
      }
    }
    throw new IllegalStateException("no DataNode runs on " + host);
  }

  /** The host comes back (with its disks as they were, or wiped: a reinstall), on the same address and ports. */
  synchronized void start(String host, boolean wipe) throws IOException, InterruptedException {
    topology.host(host);
    if (!stopped.containsKey(host)) stop(host);
    DataNodeProperties props = stopped.remove(host);
    if (wipe) {
      for (String dir : props.getDatanode().getConf().getTrimmedStrings("dfs.datanode.data.dir")) wipe(dir);
    }
    if (!cluster.restartDataNode(props, true)) throw new IllegalStateException("DataNode on " + host + " did not restart");
    waitRegistered(host);
  }

  /** An entry of dfs.datanode.data.dir: an optional [STORAGE_TYPE] prefix, then a file URI or path. */
  private static void wipe(String entry) throws IOException {
    String location = entry.replaceFirst("^\\[[A-Za-z_]+\\]", "");
    File dir = location.startsWith("file:") ? new File(URI.create(location)) : new File(location);
    if (!dir.isDirectory()) return;
    try (Stream<Path> walk = Files.walk(dir.toPath())) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir.toPath())) Files.delete(p);
      }
    }
  }

  private void waitRegistered(String host) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      DataNode dn = running(host);
      if (dn != null && dn.isDatanodeFullyStarted()) {
        for (DatanodeDescriptor d : datanodeManager().getDatanodeListForReport(DatanodeReportType.LIVE)) {
          if (d.getHostName().equals(host) && d.getDatanodeUuid().equals(dn.getDatanodeUuid())) return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("DataNode on " + host + " did not register with the NameNode within 60 s");
  }

  private DatanodeManager datanodeManager() {
    return cluster.getNamesystem().getBlockManager().getDatanodeManager();
  }

  /** Every DataNode as the NameNode itself holds it (the ground truth a report is checked against). */
  List<Map<String, Object>> truth() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (DatanodeDescriptor d : datanodeManager().getDatanodeListForReport(DatanodeReportType.ALL)) {
      boolean registered = d.getDatanodeUuid() != null && !d.getDatanodeUuid().isEmpty();
      out.add(Json.obj(
          "hostname", d.getHostName(),
          "ip", d.getIpAddr(),
          "xferPort", d.getXferPort(),
          "rack", d.getNetworkLocation(),
          "adminState", d.getAdminState().toString(),
          "live", d.isAlive(),
          "registered", registered,
          "numBlocks", d.numBlocks()));
    }
    return out;
  }

  /** How the NameNode holds one host right now: `Decommissioned, dead`, or null when it does not know it. */
  String stateOf(String host) {
    for (DatanodeDescriptor d : datanodeManager().getDatanodeListForReport(DatanodeReportType.ALL)) {
      if (d.getHostName().equals(host)) return d.getAdminState().toString() + (d.isAlive() ? ", live" : ", dead");
    }
    return null;
  }

  /** The block counts a safe drain is judged by, read from the NameNode in-process. */
  Map<String, Object> blocks() {
    FSNamesystem fsn = cluster.getNamesystem();
    return Json.obj(
        "total", fsn.getBlocksTotal(),
        "missing", fsn.getMissingBlocksCount(),
        "missingReplOne", fsn.getMissingReplOneBlocksCount(),
        "corrupt", fsn.getCorruptReplicaBlocks(),
        "underReplicated", fsn.getUnderReplicatedBlocks(),
        "pendingReconstruction", fsn.getPendingReconstructionBlocks(),
        "liveDataNodes", fsn.getNumLiveDataNodes(),
        "deadDataNodes", fsn.getNumDeadDataNodes(),
        "safeMode", fsn.isInSafeMode());
  }

  Map<String, Object> describe(String host) {
    DataNode dn = running(host);
    if (dn == null) return Json.obj("running", false);
    return Json.obj(
        "running", true,
        "xfer", dn.getXferAddress().getAddress().getHostAddress() + ":" + dn.getXferPort(),
        "ipcPort", dn.getIpcPort(),
        "httpPort", dn.getInfoPort(),
        "uuid", dn.getDatanodeUuid());
  }

  void shutdown() {
    cluster.shutdown(true);
  }
}
