package org.shardtrain.host.engine;

import java.util.ServiceLoader;

/**
 * Finds the engine plugins on the classpath (ServiceLoader; each plugin lists itself in
 * {@code META-INF/services}), so the host is built on neither: {@code --engine mr} is the
 * {@link TrainingEngine} named {@code mr} (module jobs/mapreduce), run in this process; {@code --engine yarn}
 * is the {@link RemoteEngine} (module yarn-app) that submits the whole program to YARN.
 */
public final class Engines {
  private Engines() {}

  /** The in-process engine called {@code name}; an error that says which module is missing otherwise. */
  public static TrainingEngine local(String name) {
    for (TrainingEngine e : ServiceLoader.load(TrainingEngine.class)) if (e.name().equals(name)) return e;
    throw new IllegalStateException("no engine '" + name + "' on the classpath: run from the job jar built in"
        + " jobs/dist/target, which holds both engines");
  }

  /** The engine that runs a program elsewhere (the YARN client). */
  public static RemoteEngine remote(String flag) {
    return ServiceLoader.load(RemoteEngine.class).findFirst().orElseThrow(
        () -> new IllegalArgumentException("--engine " + flag + " needs the shardtrain-yarn module on the classpath"
            + " (use the job jar built in jobs/dist/target)"));
  }
}
