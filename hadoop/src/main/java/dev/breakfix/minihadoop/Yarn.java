package dev.breakfix.minihadoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.net.DNSToSwitchMapping;
import org.apache.hadoop.net.StaticMapping;
import org.apache.hadoop.service.Service.STATE;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.LocalDirsHandlerService;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.ResourceView;
import org.apache.hadoop.yarn.server.nodemanager.webapp.WebServer;
import org.apache.hadoop.yarn.server.security.ApplicationACLsManager;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * The ResourceManager of a MiniYARNCluster, and one NodeManager per worker
 * host on the host's own address.
 *
 * MiniYARNCluster's own NodeManagers all bind to localhost (it pins
 * yarn.nodemanager.address to localhost:0), so they would all register as
 * `localhost:PORT` and one exclude entry would decommission every one of
 * them. Here the MiniYARNCluster runs the ResourceManager alone and each
 * host gets a real NodeManager bound to its address, whose node id is then
 * `dnNN.hadoop.test:PORT`, as on separate machines.
 *
 * A supervisor plays systemd's Restart=always for the NodeManager service of
 * every host that is up: a NodeManager the ResourceManager told to shut
 * down (decommissioned) or refused (excluded) is started again a few
 * seconds later, and registers once the host is no longer excluded.
 */
final class Yarn {
  private static final long RESTART_DELAY_MS = 4000;

  private final Topology topology;
  private final Path baseDir;
  private final MiniYARNCluster cluster;
  private final Map<String, NodeManager> nodeManagers = new HashMap<>();
  private final Map<String, Long> lastAttempt = new HashMap<>();
  private final Map<String, String> lastFailure = new HashMap<>();
  private final Set<String> down = new HashSet<>();
  private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nodemanager-supervisor");
    t.setDaemon(true);
    return t;
  });

  Yarn(Topology topology, Path baseDir, Path confDir, Path serverConfDir) throws IOException {
    this.topology = topology;
    this.baseDir = baseDir;
    YarnConfiguration conf = new YarnConfiguration();
    Path exclude = confDir.resolve("yarn.exclude");
    Files.writeString(exclude, "# yarn.resourcemanager.nodes.exclude-path: NodeManagers to decommission (then: yarn rmadmin -refreshNodes)\n", StandardCharsets.UTF_8);
    conf.set(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString());
    // What the ResourceManager re-reads on -refreshNodes (yarn-site.xml from the classpath).
    ConfigXml.write(serverConfDir.resolve("yarn-site.xml"), "the ResourceManager's yarn-site.xml, re-read on -refreshNodes",
        YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.toString());
    // Lost after 10 s without heartbeats (default 10 min).
    conf.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 10_000);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 1000);
    // The racks MiniDFSCluster registered for the hostnames; YARN's resolver
    // asks by IP (CachedDNSToSwitchMapping normalises names to addresses
    // first), as a topology script is asked, so the IPs are mapped too.
    conf.setClass("net.topology.node.switch.mapping.impl", StaticMapping.class, DNSToSwitchMapping.class);
    for (Topology.Host h : topology.hosts) StaticMapping.addNodeToRack(h.ip(), h.rack());
    conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 4096);
    // capacity-scheduler.xml as a Hadoop distribution ships it: one queue, all capacity.
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    this.cluster = new MiniYARNCluster("mini-hadoop", 1, 0, 1, 1);
    cluster.init(conf);
    cluster.start();
    for (Topology.Host h : topology.hosts) startNodeManager(h.name());
    supervisor.scheduleWithFixedDelay(this::supervise, 1, 1, TimeUnit.SECONDS);
  }

  Configuration conf() {
    return cluster.getResourceManager().getConfig();
  }

  String webAddress() {
    return WebAppUtils.getRMWebAppURLWithoutScheme(conf());
  }

  /** Start a NodeManager for the host, as its service manager does at boot; false when the ResourceManager refused it. */
  private synchronized boolean startNodeManager(String host) {
    Topology.Host h = topology.host(host);
    lastAttempt.put(host, System.currentTimeMillis());
    YarnConfiguration c = new YarnConfiguration(cluster.getConfig());
    c.set(YarnConfiguration.NM_ADDRESS, h.ip() + ":0");
    c.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, h.ip() + ":0");
    c.set(YarnConfiguration.NM_WEBAPP_ADDRESS, h.ip() + ":0");
    Path dirs = baseDir.resolve("yarn").resolve(host);
    c.set(YarnConfiguration.NM_LOCAL_DIRS, dirs.resolve("local").toString());
    c.set(YarnConfiguration.NM_LOG_DIRS, dirs.resolve("log").toString());
    c.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    c.setInt(YarnConfiguration.NM_VCORES, 4);
    c.setBoolean(YarnConfiguration.NM_ENABLE_HARDWARE_CAPABILITY_DETECTION, false);
    c.setBoolean(YarnConfiguration.NM_CONTAINER_MONITOR_ENABLED, false);
    c.setBoolean(YarnConfiguration.NM_RECOVERY_ENABLED, false);
    NodeManager nm = new HostNodeManager(h.ip());
    try {
      nm.init(c);
      nm.start();
      nodeManagers.put(host, nm);
      lastFailure.remove(host);
      return true;
    } catch (RuntimeException e) {
      // Refused at registration (an excluded host) or failed: stop what did start.
      nm.stop();
      nodeManagers.remove(host);
      lastFailure.put(host, String.valueOf(e.getMessage()));
      return false;
    }
  }

  private synchronized void supervise() {
    long now = System.currentTimeMillis();
    for (Topology.Host h : topology.hosts) {
      String host = h.name();
      if (down.contains(host)) continue;
      NodeManager nm = nodeManagers.get(host);
      if (nm != null && nm.getServiceState() == STATE.STARTED) continue;
      if (now - lastAttempt.getOrDefault(host, 0L) < RESTART_DELAY_MS) continue;
      startNodeManager(host);
    }
  }

  /**
   * The host goes down: its NodeManager stops without saying goodbye (a
   * crash, not a shutdown), and the ResourceManager marks it LOST once it has
   * missed heartbeats long enough.
   */
  synchronized void stop(String host) {
    topology.host(host);
    down.add(host);
    NodeManager nm = nodeManagers.remove(host);
    if (nm != null) {
      // A stopping NodeManager unregisters (the RM would say SHUTDOWN) unless it counts as decommissioned.
      nm.getNMContext().setDecommissioned(true);
      nm.stop();
    }
  }

  /** The host is up again (reinstalled: with empty local and log directories); its NodeManager starts at once. */
  synchronized void start(String host, boolean wipe) throws IOException {
    stop(host);
    if (wipe) {
      Path dirs = baseDir.resolve("yarn").resolve(host);
      if (Files.isDirectory(dirs)) {
        try (Stream<Path> walk = Files.walk(dirs)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
    }
    down.remove(host);
    startNodeManager(host);
  }

  synchronized Map<String, Object> describe(String host) {
    NodeManager nm = nodeManagers.get(host);
    boolean running = nm != null && nm.getServiceState() == STATE.STARTED;
    return Json.obj(
        "running", running,
        "nodeId", running ? String.valueOf(nm.getNMContext().getNodeId()) : null,
        "down", down.contains(host),
        "lastFailure", lastFailure.get(host));
  }

  /** Every node the ResourceManager holds, active and inactive, as it holds them. */
  List<Map<String, Object>> truth() {
    RMContext ctx = cluster.getResourceManager().getRMContext();
    List<Map<String, Object>> out = new ArrayList<>();
    for (RMNode n : ctx.getRMNodes().values()) out.add(node(n, true));
    for (RMNode n : ctx.getInactiveRMNodes().values()) out.add(node(n, false));
    return out;
  }

  private static Map<String, Object> node(RMNode n, boolean active) {
    return Json.obj(
        "nodeId", n.getNodeID().toString(),
        "hostname", n.getHostName(),
        "state", n.getState().name(),
        "rack", n.getRackName(),
        "httpAddress", n.getHttpAddress(),
        "healthReport", n.getHealthReport(),
        "active", active);
  }

  /**
   * A NodeManager whose web server is a plain HTTP listener on the host's
   * address. Hadoop's web applications install their routes in Guice's
   * JVM-wide filter, so in one JVM the web application started last answers
   * for all of them: every NodeManager (re)start would take the
   * ResourceManager's REST API away. The NodeManager still advertises a
   * listening http address, as `yarn node -list` shows.
   */
  private static final class HostNodeManager extends NodeManager {
    private final String ip;

    HostNodeManager(String ip) {
      this.ip = ip;
    }

    @Override
    protected WebServer createWebServer(Context nmContext, ResourceView resourceView, ApplicationACLsManager aclsManager, LocalDirsHandlerService dirsHandler) {
      return new PlainWebServer(nmContext, resourceView, aclsManager, dirsHandler, ip);
    }
  }

  private static final class PlainWebServer extends WebServer {
    private final String ip;
    private HttpServer server;

    PlainWebServer(Context nmContext, ResourceView resourceView, ApplicationACLsManager aclsManager, LocalDirsHandlerService dirsHandler, String ip) {
      super(nmContext, resourceView, aclsManager, dirsHandler);
      this.ip = ip;
    }

    @Override
    protected void serviceStart() throws Exception {
      server = HttpServer.create(new InetSocketAddress(ip, 0), 0);
      server.createContext("/", exchange -> {
        byte[] body = "NodeManager (mini-hadoop)\n".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    }

    @Override
    protected void serviceStop() {
      if (server != null) server.stop(0);
    }

    @Override
    public int getPort() {
      return server == null ? 0 : server.getAddress().getPort();
    }
  }

  void shutdown() {
    supervisor.shutdownNow();
    synchronized (this) {
      for (NodeManager nm : nodeManagers.values()) nm.stop();
      nodeManagers.clear();
    }
    cluster.stop();
  }
}
