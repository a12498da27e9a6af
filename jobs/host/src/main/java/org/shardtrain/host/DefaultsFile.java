package org.shardtrain.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shardtrain.core.param.Param;
import org.shardtrain.host.program.ProgramTool;

/**
 * {@code conf/shardtrain-default.xml}: every parameter of every program with its configuration key, default
 * and description, rendered from the declarations themselves ({@code shardtrain print-defaults}). A test
 * compares the shipped file with this rendering, so the two cannot drift apart.
 */
public final class DefaultsFile {
  private DefaultsFile() {}

  /** One property of the file. */
  public record Entry(String key, String value, String description) {}

  /** Every parameter, once per configuration key, in the order the programs declare them. */
  public static List<Entry> entries() {
    Map<String, Param<?>> byKey = new LinkedHashMap<>();
    Map<String, List<String>> programs = new LinkedHashMap<>();
    // Programs whose copy defaults otherwise (linear's L-BFGS): one key, so a site value applies to both.
    Map<String, List<String>> ownDefaults = new LinkedHashMap<>();
    for (ProgramTool tool : Programs.all()) {
      for (Param<?> narrowed : tool.paramSet().params()) {
        Param<?> p = narrowed.declaration(); // the file lists what is shared, not one program's view of it
        if (!java.util.Objects.equals(narrowed.defaultValue(), p.defaultValue())) {
          ownDefaults.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(tool.name() + " defaults to "
              + formatted(narrowed));
        }
        Param<?> seen = byKey.putIfAbsent(p.key(), p);
        if (seen != null && seen != p) {
          throw new IllegalStateException("configuration key " + p.key() + " is declared twice (--" + seen.name()
              + " and --" + p.name() + ")");
        }
        programs.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(tool.name());
      }
    }
    List<Entry> out = new ArrayList<>();
    for (Param<?> p : byKey.values()) out.add(entry(p, programs.get(p.key()), ownDefaults.getOrDefault(p.key(), List.of())));
    return out;
  }

  private static <T> String formatted(Param<T> p) { return p.defaultValue() == null ? "" : p.format(p.defaultValue()); }

  private static <T> Entry entry(Param<T> p, List<String> programs, List<String> ownDefaults) {
    String description = p.description() + (p.required() ? " (required)" : "") + ". Flag --" + p.name()
        + "; " + String.join(", ", programs) + (ownDefaults.isEmpty() ? "" : "; " + String.join(", ", ownDefaults)) + ".";
    return new Entry(p.key(), formatted(p), description);
  }

  public static String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<!--\n  shardtrain's parameters: configuration key, default and description of each.\n");
    sb.append("  Generated from the parameter declarations by `scripts/shardtrain print-defaults`; a test fails\n");
    sb.append("  when this file and the code differ. Precedence, lowest first: these defaults, shardtrain-site.xml\n");
    sb.append("  on the classpath (e.g. in HADOOP_CONF_DIR), -conf files and an Oozie action's configuration,\n");
    sb.append("  -D key=value, command-line flags. Copy what you change into shardtrain-site.xml; do not edit here.\n-->\n");
    sb.append("<configuration>\n");
    for (Entry e : entries()) {
      sb.append("  <property>\n");
      sb.append("    <name>").append(escape(e.key())).append("</name>\n");
      sb.append("    <value>").append(escape(e.value())).append("</value>\n");
      sb.append("    <description>").append(escape(e.description())).append("</description>\n");
      sb.append("  </property>\n");
    }
    sb.append("</configuration>\n");
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public static void main(String[] args) {
    System.out.print(render());
  }
}
