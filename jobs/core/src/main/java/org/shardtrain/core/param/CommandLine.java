package org.shardtrain.core.param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits program arguments (after Hadoop's generic options are removed) into {@code --name value},
 * {@code --name=value} and bare {@code --flag} entries. Values are checked later, by {@link ParamSet}.
 */
public final class CommandLine {
  private final Map<String, String> flags;
  private final boolean help;

  private CommandLine(Map<String, String> flags, boolean help) {
    this.flags = flags;
    this.help = help;
  }

  public Map<String, String> flags() { return flags; }
  public boolean helpRequested() { return help; }

  public static CommandLine parse(String[] args, ParamSet params) {
    Map<String, String> flags = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ParamException("unexpected argument '" + arg + "' (options are written --name value; see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Param<?> p = params.byName(name);
      if (p == null) {
        throw new ParamException("unknown option --" + name + " (see --help)");
      }
      if (value == null) {
        if (p.isFlag()) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new ParamException("option --" + name + " needs a value");
        }
      }
      if (flags.put(name, value) != null) {
        throw new ParamException("option --" + name + " given twice");
      }
    }
    return new CommandLine(flags, help);
  }
}
