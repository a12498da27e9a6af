package org.shardtrain.mapreduce;

import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ProgramDriver;
import org.apache.hadoop.util.ToolRunner;
import org.shardtrain.mapreduce.program.AlsTool;
import org.shardtrain.mapreduce.program.EvaluateTool;
import org.shardtrain.mapreduce.program.GenerateTool;
import org.shardtrain.mapreduce.program.ImportTool;
import org.shardtrain.mapreduce.program.KMeansTool;
import org.shardtrain.mapreduce.program.PredictTool;
import org.shardtrain.mapreduce.program.RecommendTool;
import org.shardtrain.mapreduce.program.SgdTool;
import org.shardtrain.mapreduce.program.ProgramTool;
import org.shardtrain.mapreduce.program.PublishTool;
import org.shardtrain.mapreduce.program.ReportTool;

/**
 * The job jar's main class: {@code hadoop jar shardtrain-job.jar <program> [options]}, as Hadoop's own
 * examples jar does. With no program it lists them; each program is a Tool run through ToolRunner.
 */
public final class ShardtrainDriver {
  /** Every program, in the order they are listed. */
  static final List<Supplier<ProgramTool>> PROGRAMS = List.of(ImportTool::new, KMeansTool::new, SgdTool::new, AlsTool::new, EvaluateTool::new, PredictTool::new, RecommendTool::new, GenerateTool::new, PublishTool::new, ReportTool::new);

  private ShardtrainDriver() {}

  /** A fresh instance of the program called {@code name} (as the ApplicationMaster runs it). */
  public static ProgramTool program(String name) {
    for (Supplier<ProgramTool> p : PROGRAMS) {
      ProgramTool t = p.get();
      if (t.name().equals(name)) return t;
    }
    throw new IllegalArgumentException("no program " + name);
  }

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
      for (Supplier<ProgramTool> p : PROGRAMS) {
        ProgramTool t = p.get();
        System.out.printf("  %-10s %s%n", t.name(), t.summary());
      }
      System.out.println("Also: shardtrain print-defaults   every parameter's key, default and description (conf/shardtrain-default.xml)");
      System.out.println("      shardtrain cluster start|stop|status [DIR]   an embedded single-machine HDFS + YARN (scripts/shardtrain)");
      System.out.println("      shardtrain status|kill APP_ID   follow or stop a YARN run (scripts/shardtrain; on a cluster also yarn application)");
      System.exit(args.length == 0 ? ProgramTool.USAGE : 0);
    }
    ProgramDriver driver = new ProgramDriver();
    for (Supplier<ProgramTool> p : PROGRAMS) {
      ProgramTool t = p.get();
      driver.addClass(t.name(), Entry.forName(t.name()), t.summary());
    }
    int code = driver.run(args);
    System.exit(code == 0 ? 0 : ProgramTool.USAGE);
  }

  /** One static-main class per program (ProgramDriver's contract). */
  public static final class Entry {
    private Entry() {}

    static Class<?> forName(String name) {
      return switch (name) {
        case "import" -> ImportMain.class;
        case "kmeans" -> KMeansMain.class;
        case "evaluate" -> EvaluateMain.class;
        case "generate" -> GenerateMain.class;
        case "sgd" -> SgdMain.class;
        case "als" -> AlsMain.class;
        case "predict" -> PredictMain.class;
        case "recommend" -> RecommendMain.class;
        case "publish" -> PublishMain.class;
        case "report" -> ReportMain.class;
        default -> throw new IllegalArgumentException(name);
      };
    }
  }

  public static final class ImportMain {
    public static void main(String[] args) throws Exception { exit(new ImportTool(), args); }
  }

  public static final class KMeansMain {
    public static void main(String[] args) throws Exception { exit(new KMeansTool(), args); }
  }

  public static final class EvaluateMain {
    public static void main(String[] args) throws Exception { exit(new EvaluateTool(), args); }
  }

  public static final class GenerateMain {
    public static void main(String[] args) throws Exception { exit(new GenerateTool(), args); }
  }

  public static final class AlsMain {
    public static void main(String[] args) throws Exception { exit(new AlsTool(), args); }
  }

  public static final class SgdMain {
    public static void main(String[] args) throws Exception { exit(new SgdTool(), args); }
  }

  public static final class RecommendMain {
    public static void main(String[] args) throws Exception { exit(new RecommendTool(), args); }
  }

  public static final class PredictMain {
    public static void main(String[] args) throws Exception { exit(new PredictTool(), args); }
  }

  public static final class PublishMain {
    public static void main(String[] args) throws Exception { exit(new PublishTool(), args); }
  }

  public static final class ReportMain {
    public static void main(String[] args) throws Exception { exit(new ReportTool(), args); }
  }

  static void exit(ProgramTool tool, String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), tool, args));
  }
}
