package org.shardtrain.bench.spark;

/** Prints the JVM options spark-submit would add on this Java (module opens), for scripts/bench.sh. */
public final class SparkJvmOptions {
  private SparkJvmOptions() {}

  public static void main(String[] args) {
    System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions());
  }
}
