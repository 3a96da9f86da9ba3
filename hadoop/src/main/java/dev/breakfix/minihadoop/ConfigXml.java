package dev.breakfix.minihadoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Hadoop *-site.xml file of name/value properties. */
final class ConfigXml {
  private ConfigXml() {}

  /** Write `file` with the given name, value pairs; pairs with an empty value are left out. */
  static void write(Path file, String comment, String... keyValues) throws IOException {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!-- ").append(comment).append(" -->\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null || keyValues[i + 1].isEmpty()) continue;
      sb.append("  <property><name>").append(escape(keyValues[i])).append("</name><value>")
          .append(escape(keyValues[i + 1])).append("</value></property>\n");
    }
    sb.append("</configuration>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
