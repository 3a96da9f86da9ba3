package dev.breakfix.minihadoop;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.util.ExitUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A Hadoop cluster for breakfix's tests, in one JVM: a MiniDFSCluster (one
 * NameNode, a DataNode per worker host), a ResourceManager and a NodeManager
 * per host, test files with their checksums, and a health list.
 *
 * It writes a client configuration directory (core-site.xml, hdfs-site.xml,
 * yarn-site.xml, log4j.properties, the include/exclude files the NameNode
 * and ResourceManager read, the name service file every JVM of the cluster
 * uses, curl configs for the two HTTP endpoints), prints one JSON line
 * `{"ready":true,...}` on stdout and then answers commands, one line in,
 * one JSON line out, on stdin and on a TCP port on 127.0.0.1 (written to
 * CONF/minicluster.json). End of stdin or `quit` stops the cluster.
 *
 * Commands: status | down HOST | up HOST | reinstall HOST | fail HOST |
 * heal HOST | blocks | truth | verify | actions | write-file PATH
 * REPLICATION BLOCKS | quit.
 */
public final class MiniHadoop {
  private final Topology topology;
  private final Path confDir;
  private final Path healthFile;
  private final long blockSize;
  private final Hdfs hdfs;
  private final Yarn yarn;
  private final TestData data = new TestData();
  private final TreeSet<String> failing = new TreeSet<>();
  private final List<Object> actions = new ArrayList<>();
  private final PrintStream protocol;
  private ServerSocket control;

  private MiniHadoop(Options o, PrintStream protocol) throws Exception {
    this.protocol = protocol;
    this.topology = new Topology(o.hosts, o.ghosts);
    this.confDir = o.conf;
    this.healthFile = o.health;
    this.blockSize = o.blockSize;
    writeHealthList();
    this.hdfs = new Hdfs(topology, o.dir, o.conf, serverConfDir(o.dir), o.jsonHosts, o.blockSize);
    data.write(hdfs.fileSystem(), o.files, o.blocks, o.blockSize, (short) 3, o.seed);
    this.yarn = o.yarn ? new Yarn(topology, o.dir, o.conf, serverConfDir(o.dir)) : null;
    writeClientConfig();
  }

  public static void main(String[] args) throws Exception {
    // stdout is the protocol: everything else Hadoop or the JVM prints goes to stderr.
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mini-hadoop: " + e.getMessage());
      System.exit(2);
      return;
    }
    Files.createDirectories(o.conf);
    new Topology(o.hosts, o.ghosts).writeHostsFile(o.conf.resolve("hosts"), machineName());
    if (System.getProperty("jdk.net.hosts.file") == null) {
      throw new IllegalStateException("start the JVM with -Djdk.net.hosts.file=" + o.conf.resolve("hosts") + " (bin/mini-hadoop does)");
    }
    Files.createDirectories(serverConfDir(o.dir));
    if (!onClasspath(serverConfDir(o.dir).resolve("hdfs-site.xml"))) {
      throw new IllegalStateException("put " + serverConfDir(o.dir) + " first on the classpath (bin/mini-hadoop does)");
    }
    // A NameNode or NodeManager that decides to exit must not take the cluster down with it.
    ExitUtil.disableSystemExit();
    ExitUtil.disableSystemHalt();
    DefaultMetricsSystem.setMiniClusterMode(true);
    long t0 = System.nanoTime();
    MiniHadoop mh;
    try {
      mh = new MiniHadoop(o, protocol);
      mh.serveControlPort();
    } catch (Throwable t) {
      // Daemons that did start run non-daemon threads: a failed start must not leave a half cluster behind.
      t.printStackTrace();
      Runtime.getRuntime().halt(1);
      return;
    }
    Map<String, Object> ready = mh.status();
    ready.remove("ok");
    ready.put("ready", true);
    ready.put("startMillis", (System.nanoTime() - t0) / 1_000_000);
    protocol.println(Json.write(ready));
    try {
      mh.readStdin();
    } finally {
      mh.shutdown();
    }
  }

  /**
   * DIR/etc/hadoop, on the cluster JVM's classpath (bin/mini-hadoop puts it
   * there): the NameNode re-reads hdfs-site.xml and the ResourceManager
   * yarn-site.xml from the classpath on `-refreshNodes`, to learn where
   * their include/exclude files are, as real daemons re-read etc/hadoop.
   */
  static Path serverConfDir(Path dir) {
    return dir.resolve("etc").resolve("hadoop");
  }

  /** The kernel's hostname, without a name lookup (the JVM's name service is the hosts file, which must list it). */
  private static String machineName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "" : env;
    }
  }

  /** Whether the classpath finds `file` (written here, empty for now) under its own name before any other. */
  private static boolean onClasspath(Path file) throws IOException {
    ConfigXml.write(file, "replaced before the daemons start");
    URL url = MiniHadoop.class.getClassLoader().getResource(file.getFileName().toString());
    try {
      return url != null && url.getProtocol().equals("file") && Path.of(url.toURI()).equals(file.toAbsolutePath());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** Commands from stdin until its end or `quit`; the caller then stops the cluster. */
  private void readStdin() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String reply = handle(line);
      protocol.println(reply);
      if (line.trim().equals("quit")) break;
    }
  }

  private void serveControlPort() throws IOException {
    control = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Files.writeString(confDir.resolve("minicluster.json"),
        Json.write(Json.obj("control", control.getLocalPort(), "pid", ProcessHandle.current().pid())) + "\n");
    Thread t = new Thread(() -> {
      while (!control.isClosed()) {
        try {
          Socket s = control.accept();
          Thread c = new Thread(() -> serve(s), "control-connection");
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "control-port");
    t.setDaemon(true);
    t.start();
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        String reply = handle(line);
        out.write(reply + "\n");
        out.flush();
        if (line.trim().equals("quit")) {
          shutdown();
          return;
        }
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  /** One command line in, one JSON line out; commands run one at a time. */
  private synchronized String handle(String line) {
    String[] w = line.trim().split("\\s+");
    try {
      Map<String, Object> r = switch (w[0]) {
        case "status" -> status();
        case "down" -> {
          String host = arg(w, 1);
          hdfs.stop(host);
          if (yarn != null) yarn.stop(host);
          yield record("down", host);
        }
        case "up" -> {
          String host = arg(w, 1);
          hdfs.start(host, false);
          if (yarn != null) yarn.start(host, false);
          yield record("up", host);
        }
        case "reinstall" -> {
          // A reinstall: the host comes back with empty disks and passes its health checks.
          // The record keeps how the NameNode held the host when its disks were wiped.
          String host = arg(w, 1);
          String before = hdfs.stateOf(topology.host(host).name());
          if (yarn != null) yarn.stop(host);
          hdfs.start(host, true);
          if (yarn != null) yarn.start(host, true);
          failing.remove(host);
          writeHealthList();
          yield record("reinstall", host, "namenodeBefore", before);
        }
        case "fail" -> {
          String host = arg(w, 1);
          failing.add(topology.host(host).name());
          writeHealthList();
          yield record("fail", host);
        }
        case "heal" -> {
          String host = arg(w, 1);
          failing.remove(topology.host(host).name());
          writeHealthList();
          yield record("heal", host);
        }
        case "blocks" -> ok(hdfs.blocks());
        case "truth" -> ok(Json.obj("datanodes", hdfs.truth(), "nodemanagers", yarn == null ? List.of() : yarn.truth()));
        case "verify" -> ok(data.verify(hdfs.conf()));
        case "actions" -> ok(Json.obj("actions", new ArrayList<>(actions)));
        case "write-file" -> {
          String path = arg(w, 1);
          if (!path.startsWith("/breakfix/")) throw new IllegalArgumentException("test files live under /breakfix/");
          short replication = Short.parseShort(arg(w, 2));
          int blocks = Integer.parseInt(arg(w, 3));
          data.writeFile(hdfs.fileSystem(), path, blocks * blockSize, replication, blockSize, new Random(path.hashCode()));
          yield record("write-file", path);
        }
        case "quit" -> ok(Json.obj());
        default -> throw new IllegalArgumentException("unknown command " + w[0]);
      };
      return Json.write(r);
    } catch (Exception e) {
      return Json.write(Json.obj("ok", false, "error", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private static String arg(String[] w, int i) {
    if (w.length <= i) throw new IllegalArgumentException(w[0] + ": missing argument " + i);
    return w[i];
  }

  private static Map<String, Object> ok(Map<String, Object> body) {
    Map<String, Object> r = Json.obj("ok", true);
    r.putAll(body);
    return r;
  }

  private Map<String, Object> record(String command, String subject, Object... extra) {
    Map<String, Object> a = Json.obj("seq", actions.size() + 1, "time", Instant.now().toString(), "command", command, "subject", subject);
    a.putAll(Json.obj(extra));
    actions.add(a);
    return ok(Json.obj("action", a));
  }

  private Map<String, Object> status() {
    List<Object> hosts = new ArrayList<>();
    for (Topology.Host h : topology.hosts) {
      hosts.add(Json.obj(
          "name", h.name(), "rack", h.rack(), "ip", h.ip(),
          "failing", failing.contains(h.name()),
          "datanode", hdfs.describe(h.name()),
          "nodemanager", yarn == null ? null : yarn.describe(h.name())));
    }
    List<Object> ghosts = new ArrayList<>();
    for (Topology.Host h : topology.ghosts) ghosts.add(Json.obj("name", h.name(), "ip", h.ip()));
    return ok(Json.obj(
        "namenode", Json.obj("uri", hdfs.uri().toString(), "http", "127.0.0.1:" + hdfs.httpPort()),
        "resourcemanager", yarn == null ? null : Json.obj(
            "address", yarn.conf().get(YarnConfiguration.RM_ADDRESS),
            "admin", yarn.conf().get(YarnConfiguration.RM_ADMIN_ADDRESS),
            "web", yarn.webAddress()),
        "conf", confDir.toString(),
        "control", control == null ? null : control.getLocalPort(),
        "files", data.files(),
        "blockSize", blockSize,
        "hosts", hosts,
        "ghosts", ghosts));
  }

  /** The monitoring system's list of hosts failing their health checks, replaced whole. */
  private void writeHealthList() throws IOException {
    if (healthFile == null) return;
    Files.createDirectories(healthFile.toAbsolutePath().getParent());
    StringBuilder sb = new StringBuilder();
    for (String h : failing) sb.append(h).append('\n');
    Path tmp = healthFile.resolveSibling(healthFile.getFileName() + ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, healthFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** What `hdfs`, `yarn` and curl need to reach this cluster, as a Hadoop client configuration directory holds it. */
  private void writeClientConfig() throws IOException {
    Configuration h = hdfs.conf();
    xml("core-site.xml", "fs.defaultFS", hdfs.uri().toString());
    xml("hdfs-site.xml",
        "dfs.namenode.http-address", "127.0.0.1:" + hdfs.httpPort(),
        "dfs.hosts", h.get("dfs.hosts"),
        "dfs.hosts.exclude", h.get("dfs.hosts.exclude", ""),
        "dfs.namenode.hosts.provider.classname", h.get("dfs.namenode.hosts.provider.classname", ""));
    if (yarn != null) {
      Configuration y = yarn.conf();
      xml("yarn-site.xml",
          YarnConfiguration.RM_ADDRESS, y.get(YarnConfiguration.RM_ADDRESS),
          YarnConfiguration.RM_ADMIN_ADDRESS, y.get(YarnConfiguration.RM_ADMIN_ADDRESS),
          YarnConfiguration.RM_SCHEDULER_ADDRESS, y.get(YarnConfiguration.RM_SCHEDULER_ADDRESS),
          YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, y.get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS),
          YarnConfiguration.RM_WEBAPP_ADDRESS, yarn.webAddress(),
          YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, y.get(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH));
      Files.writeString(confDir.resolve("rm-nodes.curlrc"),
          "# curl --config FILE: the ResourceManager's node list\nurl = \"http://" + yarn.webAddress() + "/ws/v1/cluster/nodes\"\n");
    }
    Files.writeString(confDir.resolve("nn-jmx.curlrc"),
        "# curl --config FILE: the NameNode's JMX beans (NameNodeInfo, FSNamesystem, FSNamesystemState, ...)\n"
            + "url = \"http://127.0.0.1:" + hdfs.httpPort() + "/jmx?qry=Hadoop:service=NameNode,name=*\"\n");
    // etc/hadoop/log4j.properties of a Hadoop installation: clients log INFO to stderr.
    Files.writeString(confDir.resolve("log4j.properties"), String.join("\n",
        "hadoop.root.logger=INFO,console",
        "log4j.rootLogger=${hadoop.root.logger}",
        "log4j.appender.console=org.apache.log4j.ConsoleAppender",
        "log4j.appender.console.target=System.err",
        "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n",
        "# installations ship the native library; its absence is not news here",
        "log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR",
        ""));
  }

  private void xml(String file, String... keyValues) throws IOException {
    ConfigXml.write(confDir.resolve(file), "the running mini cluster, for its clients (written by mini-hadoop)", keyValues);
  }

  private void shutdown() {
    // A daemon that does not stop must not keep the JVM: give the orderly stop a minute.
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("mini-hadoop: the cluster did not stop within 60 s; halting");
      Runtime.getRuntime().halt(1);
    }, "shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      if (control != null) control.close();
      if (yarn != null) yarn.shutdown();
      hdfs.shutdown();
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      // Hadoop leaves non-daemon threads behind; the cluster is stopped, so leave now.
      Runtime.getRuntime().halt(0);
    }
  }


  private static final class Options {
    Path dir;
    Path conf;
    Path health;
    final List<String> hosts = new ArrayList<>();
    final List<String> ghosts = new ArrayList<>();
    boolean jsonHosts;
    boolean yarn = true;
    int files = 30;
    int blocks = 300;
    long blockSize = 64 * 1024;
    long seed = 1;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--dir" -> o.dir = Path.of(value(args, ++i, a)).toAbsolutePath();
          case "--conf" -> o.conf = Path.of(value(args, ++i, a)).toAbsolutePath();
          case "--health" -> o.health = Path.of(value(args, ++i, a)).toAbsolutePath();
          case "--host" -> o.hosts.add(value(args, ++i, a));
          case "--ghost" -> o.ghosts.add(value(args, ++i, a));
          case "--hosts-provider" -> {
            String v = value(args, ++i, a);
            if (!v.equals("text") && !v.equals("json")) throw new IllegalArgumentException("--hosts-provider is text or json");
            o.jsonHosts = v.equals("json");
          }
          case "--no-yarn" -> o.yarn = false;
          case "--files" -> o.files = Integer.parseInt(value(args, ++i, a));
          case "--blocks" -> o.blocks = Integer.parseInt(value(args, ++i, a));
          case "--block-size" -> o.blockSize = Long.parseLong(value(args, ++i, a));
          case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.dir == null || o.conf == null) throw new IllegalArgumentException("--dir and --conf are required");
      if (o.hosts.isEmpty()) throw new IllegalArgumentException("at least one --host NAME=RACK");
      if (o.blockSize % 512 != 0) throw new IllegalArgumentException("--block-size must be a multiple of 512 (the checksum chunk)");
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
      return args[i];
    }
  }
}
