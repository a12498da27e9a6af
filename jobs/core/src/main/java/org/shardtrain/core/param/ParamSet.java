package org.shardtrain.core.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters one program accepts, in the order {@code --help} lists them. */
public final class ParamSet {
  private final Map<String, Param<?>> byName = new LinkedHashMap<>();

  public ParamSet(List<Param<?>> params) {
    for (Param<?> p : params) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalStateException("parameter declared twice: --" + p.name());
      }
    }
  }

  public static ParamSet of(List<List<Param<?>>> groups) {
    List<Param<?>> all = new ArrayList<>();
    groups.forEach(all::addAll);
    return new ParamSet(all);
  }

  public Param<?> byName(String name) { return byName.get(name); }

  public List<Param<?>> params() { return Collections.unmodifiableList(new ArrayList<>(byName.values())); }

  /**
   * Resolves every parameter: default, then {@code conf} (defaults &lt; site file &lt; -conf/Oozie &lt; -D,
   * already layered by Hadoop), then CLI flags, the highest. Unknown flags, missing required values and
   * invalid values throw {@link ParamException}.
   */
  public ResolvedParams resolve(ParamSource conf, Map<String, String> cliFlags) {
    for (String flag : cliFlags.keySet()) {
      if (!byName.containsKey(flag)) {
        throw new ParamException("unknown option --" + flag + " (see --help)");
      }
    }
    Map<Param<?>, Object> values = new LinkedHashMap<>();
    for (Param<?> p : byName.values()) {
      values.put(p, resolveOne(p, conf, cliFlags));
    }
    return new ResolvedParams(values);
  }

  private static <T> T resolveOne(Param<T> p, ParamSource conf, Map<String, String> cli) {
    String text = cli.get(p.name());
    // An option given empty on the command line falls back to its default, as an empty configuration value does.
    if (text == null || (text.isBlank() && !p.isFlag())) return p.read(text == null ? conf : key -> null);
    return p.parse(text, "command line");
  }

  /** The usage text: one line per parameter with its type, default and description. */
  public String usage(String program, String summary) {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: shardtrain ").append(program).append(" [generic options] [options]\n");
    sb.append(summary).append("\n\nOptions:\n");
    for (Param<?> p : byName.values()) {
      String head = "  --" + p.name() + (p.isFlag() ? "" : " <" + p.typeName() + ">");
      sb.append(head);
      sb.append(" ".repeat(Math.max(1, 34 - head.length())));
      sb.append(p.description());
      if (p.required()) {
        sb.append(" (required)");
      } else if (p.defaultValue() != null && !(p.isFlag() && Boolean.FALSE.equals(p.defaultValue()))) {
        sb.append(" (default ").append(p.format(p.defaultValue())).append(')');
      }
      sb.append("\n").append(" ".repeat(34)).append("-D ").append(p.key()).append('\n');
    }
    sb.append("  --help                          print this help\n");
    sb.append("\nGeneric options (Hadoop): -D key=value, -conf file.xml, -libjars jars, -files files, -fs uri, -jt host:port\n");
    return sb.toString();
  }
}
