package org.shardtrain.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.shardtrain.host.program.ProgramTool;

/**
 * The one list of programs: the driver's list and dispatch, the Oozie entry, the ApplicationMaster and the
 * defaults file all read it. Each module names the programs it contributes in
 * {@code META-INF/services/org.shardtrain.host.program.ProgramTool} (the host its own; the MapReduce plugin
 * the programs that are MapReduce jobs: import, evaluate, predict, recommend), so the host lists them
 * without depending on the module that implements them.
 */
public final class Programs {
  private Programs() {}

  /** A fresh instance of every program on the classpath, in the order they are listed. */
  public static List<ProgramTool> all() {
    List<ProgramTool> programs = new ArrayList<>();
    for (ProgramTool t : ServiceLoader.load(ProgramTool.class)) programs.add(t);
    programs.sort(Comparator.comparingInt(ProgramTool::listOrder).thenComparing(ProgramTool::name));
    return programs;
  }

  /** A fresh instance of the program called {@code name}, or null when there is none. */
  public static ProgramTool find(String name) {
    for (ProgramTool t : ServiceLoader.load(ProgramTool.class)) if (t.name().equals(name)) return t;
    return null;
  }

  /** As {@link #find}, for callers that were given a name they trust (the ApplicationMaster, Oozie). */
  public static ProgramTool named(String name) {
    ProgramTool t = find(name);
    if (t == null) throw new IllegalArgumentException("no program " + name + " on the classpath (known: " + names() + ")");
    return t;
  }

  public static List<String> names() {
    return all().stream().map(ProgramTool::name).toList();
  }
}
