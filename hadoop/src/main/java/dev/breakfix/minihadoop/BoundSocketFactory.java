package dev.breakfix.minihadoop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import javax.net.SocketFactory;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;

/**
 * The RPC socket factory of one DataNode: every socket it opens leaves from
 * that DataNode's own address.
 *
 * The NameNode records a DataNode's IP as the source address of its
 * registration RPC, and matches include/exclude entries (hostnames resolved
 * to IPs) against that IP. In one JVM every DataNode would connect from
 * 127.0.0.1, so `dn03.hadoop.test` in the exclude file would match none of
 * them. Binding each DataNode's sockets to its own 127.0.1.x gives each a
 * distinct IP, as distinct machines have, and lets the exclude file name
 * hosts.
 */
public final class BoundSocketFactory extends SocketFactory implements Configurable {
  /** The local address (an IP literal) to bind to. */
  public static final String BIND_ADDRESS = "mini-hadoop.client.bind-address";

  private Configuration conf;
  private InetAddress bindAddress;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    String address = conf.getTrimmed(BIND_ADDRESS);
    try {
      // An IP literal: no name lookup happens.
      this.bindAddress = address == null || address.isEmpty() ? null : InetAddress.getByName(address);
    } catch (IOException e) {
      throw new IllegalArgumentException(BIND_ADDRESS + " is not an IP address: " + address, e);
    }
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public Socket createSocket() throws IOException {
    // Hadoop's NIO timeouts need a socket with a channel, as StandardSocketFactory makes.
    Socket socket = SocketChannel.open().socket();
    if (bindAddress != null) socket.bind(new InetSocketAddress(bindAddress, 0));
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = createSocket();
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket socket = createSocket();
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("a bound factory chooses the local address itself");
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw new UnsupportedOperationException("a bound factory chooses the local address itself");
  }

  // Hadoop caches one IPC client per socket factory (by equals): one per bind address.
  @Override
  public boolean equals(Object o) {
    return o instanceof BoundSocketFactory other && Objects.equals(bindAddress, other.bindAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(BoundSocketFactory.class, bindAddress);
  }
}
