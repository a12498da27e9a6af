package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RowSolve;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * A broadcast half-step, map-only: each task holds the other side's factors ({@link BroadcastFactors}, from
 * the distributed cache) and solves the rows of its split as {@link SolveReducer} solves them — the core's
 * {@link NormalEquation} finished by {@link RowSolve} — writing (id, factor) and, at cleanup, (ratings, SSE) to
 * the {@code stats} output. Nothing is shuffled; the ratings are read once.
 */
public final class BroadcastSolveMapper extends Mapper<Text, RatingRow, Text, AlsValue> {
  private int k;
  private boolean implicit;
  private double alpha;
  private BroadcastFactors factors;
  private RowSolve finish;
  private double[] x;
  private long ratings;
  private double sse;
  private final AlsValue out = new AlsValue();
  private SideOutput sideOutput;

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    implicit = AlsJobConf.implicit(conf);
    alpha = AlsJobConf.alpha(conf);
    List<Path> factorFiles = new ArrayList<>();
    List<Path> idFiles = new ArrayList<>();
    for (Path p : cacheFiles(context)) (p.getName().startsWith(RowsJob.IDS_OUTPUT + "-") ? idFiles : factorFiles).add(p);
    boolean seededOthers = AlsJobConf.missing(conf) == AlsJobConf.Missing.INITIAL;
    factors = BroadcastFactors.load(conf, factorFiles, seededOthers ? idFiles : null, k, AlsJobConf.seed(conf));
    double lambda = AlsJobConf.lambda(conf);
    finish = implicit ? RowSolve.implicit(lambda, factors.packedGram()) : RowSolve.explicit(lambda);
    x = new double[k];
    sideOutput = new SideOutput(context, SolveReducer.STATS_OUTPUT);
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
    NormalEquation ne = new NormalEquation(k);
    double[] y = factors.values();
    double sumSquares = 0;
    for (int i = 0; i < row.size(); i++) {
      int off = factors.offset(row.other(i));
      if (off < 0) throw new IllegalStateException("no factor for " + row.other(i));
      double r = row.rating(i);
      if (implicit) ne.addImplicit(y, off, r, alpha);
      else ne.addExplicit(y, off, r);
      sumSquares += r * r;
    }
    sse += finish.finish(ne, sumSquares, x, 0);
    ratings += ne.count();
    context.write(id, out.factor(x, k));
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    sideOutput.writeAndClose(new PartialWritable(ratings, sse, new double[0], 0));
  }
}
