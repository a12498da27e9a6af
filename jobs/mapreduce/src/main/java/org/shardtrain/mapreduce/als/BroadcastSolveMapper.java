package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.formats.AlsValue;

/**
 * A broadcast half-step, map-only: each task holds all of the other side's factors ({@link FactorIndex}, from
 * the distributed cache) and solves the rows of its split ({@link RowSolver}). Nothing is shuffled; the ratings
 * are read once.
 */
public final class BroadcastSolveMapper extends Mapper<Text, RatingRow, Text, AlsValue> {
  private FactorIndex factors;
  private RowSolver solver;

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    int k = AlsJobConf.rank(conf);
    List<Path> factorFiles = new ArrayList<>();
    List<Path> idFiles = new ArrayList<>();
    for (Path p : cacheFiles(context)) (p.getName().startsWith(RowsJob.IDS_OUTPUT + "-") ? idFiles : factorFiles).add(p);
    boolean seededOthers = AlsJobConf.missing(conf) == AlsJobConf.Missing.INITIAL;
    factors = FactorIndex.load(conf, factorFiles, seededOthers ? idFiles : null, k, AlsJobConf.seed(conf));
    solver = new RowSolver(context, AlsJobConf.implicit(conf) ? factors.packedGram() : null);
  }

  /** The task's local copies (a cluster's NodeManager or the local runner made them); else the originals. */
  @SuppressWarnings("deprecation")
  private static List<Path> cacheFiles(Context context) throws IOException {
    List<Path> out = new ArrayList<>();
    Path[] local = context.getLocalCacheFiles();
    if (local != null && local.length > 0) {
      for (Path p : local) {
        out.add(p.toUri().getScheme() != null ? p : new Path(new java.io.File(p.toUri().getPath()).getAbsoluteFile().toURI()));
      }
      return out;
    }
    URI[] uris = context.getCacheFiles();
    if (uris != null) for (URI u : uris) out.add(new Path(u));
    return out;
  }

  @Override
  protected void map(Text id, RatingRow row, Context context) throws IOException, InterruptedException {
    solver.solve(id, row, factors, context);
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    solver.close();
  }
}
