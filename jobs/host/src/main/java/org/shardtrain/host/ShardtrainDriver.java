package org.shardtrain.host;

import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.shardtrain.host.program.ProgramTool;

/**
 * The job jar's main class: {@code hadoop jar shardtrain-job.jar <program> [options]}, as Hadoop's own
 * examples jar does. With no program it lists them ({@link Programs}); each program is a Tool run through
 * ToolRunner.
 */
public final class ShardtrainDriver {
  private ShardtrainDriver() {}

  public static void main(String[] args) throws Throwable {
    if (args.length >= 1 && (args[0].equals("--print-defaults") || args[0].equals("print-defaults"))) {
      if (args.length > 1 && !(args[1].equals("--help") || args[1].equals("-h"))) {
        System.err.println("shardtrain print-defaults: takes no options (given: " + args[1] + ")");
        System.exit(ProgramTool.USAGE);
      }
      if (args.length > 1) {
        System.out.println("Usage: shardtrain print-defaults");
        System.out.println("Prints every parameter's key, default and description as a Hadoop configuration file");
        System.out.println("(the content of conf/shardtrain-default.xml; copy what you change to shardtrain-site.xml).");
        return;
      }
      System.out.print(DefaultsFile.render()); // conf/shardtrain-default.xml
      return;
    }
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("Usage: shardtrain <program> [generic options] [options]   (each program has --help)");
      System.out.println("Programs:");
      listPrograms();
      System.out.println("Also: shardtrain print-defaults   every parameter's key, default and description (conf/shardtrain-default.xml)");
      System.out.println("      shardtrain cluster start|stop|status [DIR]   an embedded single-machine HDFS + YARN (scripts/shardtrain)");
      System.out.println("      shardtrain status|kill APP_ID   follow or stop a YARN run (scripts/shardtrain; on a cluster also yarn application)");
      System.exit(args.length == 0 ? ProgramTool.USAGE : 0);
    }
    ProgramTool tool = Programs.find(args[0]);
    if (tool == null) {
      // As Hadoop's ProgramDriver answers an unknown name (this driver's exit code for usage errors).
      System.out.println("Unknown program '" + args[0] + "' chosen.");
      System.out.println("Valid program names are:");
      listPrograms();
      System.exit(ProgramTool.USAGE);
    }
    System.exit(ToolRunner.run(new Configuration(), tool, Arrays.copyOfRange(args, 1, args.length)));
  }

  private static void listPrograms() {
    for (ProgramTool t : Programs.all()) System.out.printf("  %-10s %s%n", t.name(), t.summary());
  }
}
