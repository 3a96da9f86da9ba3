package dev.breakfix.minihadoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The worker hosts, their racks and addresses. Host i (from 0) is
 * 127.0.1.(i+1); a "ghost" (an include-file entry with no machine behind it)
 * is 127.0.2.(j+1). On Linux all of 127/8 reaches loopback, so every host
 * has an address of its own without any network setup.
 */
final class Topology {
  /** RFC 1123 labels, as breakfix validates hostnames: the protocol's arguments are checked against the topology anyway. */
  private static final Pattern HOSTNAME = Pattern.compile("^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");
  private static final Pattern RACK = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

  record Host(String name, String rack, String ip) {}

  final List<Host> hosts;
  final List<Host> ghosts;
  private final Map<String, Host> byName = new LinkedHashMap<>();

  Topology(List<String> hostSpecs, List<String> ghostNames) {
    List<Host> h = new ArrayList<>();
    for (String spec : hostSpecs) {
      int eq = spec.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("--host wants NAME=RACK, got " + spec);
      String name = spec.substring(0, eq);
      String rack = spec.substring(eq + 1);
      checkName(name);
      if (!RACK.matcher(rack).matches()) throw new IllegalArgumentException("not a rack path like /dc1/r1: " + rack);
      h.add(new Host(name, rack, "127.0.1." + (h.size() + 1)));
    }
    List<Host> g = new ArrayList<>();
    for (String name : ghostNames) {
      checkName(name);
      g.add(new Host(name, null, "127.0.2." + (g.size() + 1)));
    }
    if (h.isEmpty() || h.size() > 250 || g.size() > 250) throw new IllegalArgumentException("between 1 and 250 hosts (and ghosts)");
    for (Host x : h) if (byName.put(x.name(), x) != null) throw new IllegalArgumentException("host named twice: " + x.name());
    for (Host x : g) if (byName.containsKey(x.name())) throw new IllegalArgumentException("ghost is also a host: " + x.name());
    this.hosts = Collections.unmodifiableList(h);
    this.ghosts = Collections.unmodifiableList(g);
  }

  private static void checkName(String name) {
    if (!HOSTNAME.matcher(name).matches()) throw new IllegalArgumentException("not a lower-case RFC 1123 hostname: " + name);
  }

  /** The worker host by name; an argument naming any other host is an error. */
  Host host(String name) {
    Host h = byName.get(name);
    if (h == null) throw new IllegalArgumentException("unknown host " + name);
    return h;
  }

  /**
   * The JVM's name service (-Djdk.net.hosts.file): /etc/hosts syntax, and
   * the only source of names once set. localhost and the machine's own
   * name are kept (Hadoop looks both up).
   */
  void writeHostsFile(Path file, String machineName) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# the mini cluster's hosts: written by mini-hadoop, read by its JVMs (-Djdk.net.hosts.file)\n");
    sb.append("127.0.0.1 localhost");
    if (machineName != null && !machineName.isEmpty() && !machineName.equals("localhost")) sb.append(' ').append(machineName);
    sb.append('\n');
    for (Host h : hosts) sb.append(h.ip()).append(' ').append(h.name()).append('\n');
    for (Host h : ghosts) sb.append(h.ip()).append(' ').append(h.name()).append('\n');
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
