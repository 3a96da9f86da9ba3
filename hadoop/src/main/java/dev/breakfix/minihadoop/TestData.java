package dev.breakfix.minihadoop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files written into HDFS at start, with the SHA-256 of what was written:
 * after any amount of draining and reinstalling, every one must still read
 * back byte for byte.
 */
final class TestData {
  static final String DIR = "/breakfix/data";

  /** Path → SHA-256 hex of the content written. */
  private final Map<String, String> checksums = new LinkedHashMap<>();
  private final Map<String, Long> sizes = new LinkedHashMap<>();

  /** Write `files` files of about `blocks / files` blocks each (the last block of each partial). */
  void write(FileSystem fs, int files, int blocks, long blockSize, short replication, long seed) throws IOException {
    Random rnd = new Random(seed);
    int perFile = Math.max(1, blocks / Math.max(1, files));
    for (int i = 0; i < files; i++) {
      long size = perFile * blockSize - rnd.nextInt((int) Math.max(1, blockSize / 2));
      writeFile(fs, String.format("%s/file-%03d", DIR, i), size, replication, blockSize, rnd);
    }
  }

  /** One more file, e.g. with a replication no drain can satisfy (a DataNode then stays "Decommission In Progress"). */
  void writeFile(FileSystem fs, String path, long size, short replication, long blockSize, Random rnd) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[8192];
    try (OutputStream out = fs.create(new Path(path), true, 4096, replication, blockSize)) {
      long left = size;
      while (left > 0) {
        int n = (int) Math.min(buf.length, left);
        rnd.nextBytes(buf);
        out.write(buf, 0, n);
        sha.update(buf, 0, n);
        left -= n;
      }
    }
    checksums.put(path, HexFormat.of().formatHex(sha.digest()));
    sizes.put(path, size);
  }

  /** Read every file back through a new client and compare. */
  Map<String, Object> verify(Configuration conf) throws IOException {
    List<Object> bad = new ArrayList<>();
    long bytes = 0;
    try (FileSystem fs = FileSystem.newInstance(conf)) {
      for (Map.Entry<String, String> e : checksums.entrySet()) {
        MessageDigest sha = sha256();
        byte[] buf = new byte[65536];
        long read = 0;
        try (InputStream in = fs.open(new Path(e.getKey()))) {
          for (int n; (n = in.read(buf)) > 0; ) {
            sha.update(buf, 0, n);
            read += n;
          }
          String got = HexFormat.of().formatHex(sha.digest());
          if (!got.equals(e.getValue()) || read != sizes.get(e.getKey())) {
            bad.add(Json.obj("path", e.getKey(), "error", "checksum " + got + " (" + read + " bytes), wrote " + e.getValue() + " (" + sizes.get(e.getKey()) + " bytes)"));
          }
        } catch (IOException ex) {
          bad.add(Json.obj("path", e.getKey(), "error", String.valueOf(ex)));
        }
        bytes += read;
      }
    }
    return Json.obj("files", checksums.size(), "bytes", bytes, "bad", bad);
  }

  int files() {
    return checksums.size();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
