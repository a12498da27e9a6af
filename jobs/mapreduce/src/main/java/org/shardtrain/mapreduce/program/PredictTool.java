package org.shardtrain.mapreduce.program;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ParamException;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleInputFormat;
import org.shardtrain.formats.input.PointInputFormat;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.host.program.InputProbe;
import org.shardtrain.host.program.ModelFiles;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.RunOutput;
import org.shardtrain.mapreduce.JobRunner;
import org.shardtrain.mapreduce.kmeans.KMeansPredictMapper;
import org.shardtrain.mapreduce.sgd.PredictMapper;
import org.shardtrain.mapreduce.sgd.SgdJobConf;

/**
 * {@code shardtrain predict}: a model applied to every record, map-only, in input order — a linear model's
 * score (and a probability for logistic), or a k-means model's cluster and distance (Spark's transform).
 */
public final class PredictTool extends ProgramTool {
  @Override public String name() { return "predict"; }

  @Override public int listOrder() { return 60; }

  @Override
  public String summary() {
    return "Apply a model to records: a linear model's score (and P(y=1) for logistic), or a k-means model's cluster.";
  }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.MODEL, RunParams.INPUT, RunParams.FORMAT.narrowed("input format (linear "
            + "models: libsvm or avro examples; k-means: csv, tsv or avro points)"),
        RunParams.OUTPUT.narrowed("output directory: text part files (part-m-*), one line per record in input order "
            + "— linear: label, score (and P(y=1) for logistic); k-means: cluster, distance, the point — and rejects/"),
        RunParams.ON_BAD_RECORD, RunParams.OVERWRITE));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    Path located = ModelFiles.locate(conf, p.get(ProgramParams.MODEL));
    String kind = ModelFiles.kind(conf, located);
    RecordFormat format = p.get(RunParams.FORMAT);
    boolean kmeans = kind.equals("KMeansModel");
    if (!kmeans && !kind.equals("LinearModel")) {
      throw new IllegalArgumentException(located + " is a " + kind + "; predict applies linear and k-means models "
          + "(ALS models: shardtrain recommend)");
    }
    if (kmeans == (format == RecordFormat.LIBSVM)) {
      throw new ParamException("--format " + RunParams.FORMAT.format(format) + " does not hold " + (kmeans
          ? "points for a k-means model (csv, tsv or avro)" : "examples for a linear model (libsvm or avro)"));
    }
    String inputs = p.get(RunParams.INPUT);
    List<org.apache.hadoop.fs.FileStatus> listing = org.shardtrain.formats.PointSources.listDataFiles(conf, inputs);
    KMeansModel centres = kmeans ? ModelFiles.readKMeans(conf, located.toString()) : null;
    LinearModel linear = kmeans ? null : ModelFiles.readLinear(conf, located.toString());
    if (kmeans) {
      int dimension = InputProbe.dimension(conf, inputs, format, p.get(RunParams.ON_BAD_RECORD));
      if (dimension != centres.dimension()) {
        throw new IllegalArgumentException("input " + inputs + " has " + dimension + " values per point, the model "
            + located + " has dimension " + centres.dimension());
      }
    }
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    // The model's folder is read too: an output over it (with --overwrite) would replace the model by scores.
    output.prepare(conf, inputs + "," + located.getParent(), p.get(RunParams.OVERWRITE), false);
    Path modelFile = new Path(output.workDir(), "model.avro");
    Path work = new Path(output.workDir(), "predict");
    Path errors = new Path(output.workDir(), "errors");

    Job job = JobRunner.newJob(conf, "predict " + inputs, errors, c -> { });
    Configuration jc = job.getConfiguration();
    if (kmeans) {
      AvroFiles.writeAtomically(conf, modelFile, KMeansModelCodec.toAvro(centres, null, Map.of()));
      KMeansJobConf.setCentres(jc, modelFile);
      KMeansJobConf.setDimension(jc, centres.dimension());
      KMeansParams.DISTANCE.write(jc::set, centres.measure());
      job.setInputFormatClass(PointInputFormat.class);
      job.setMapperClass(KMeansPredictMapper.class);
    } else {
      AvroFiles.writeAtomically(conf, modelFile, SgdCodec.toAvro(linear, Map.of()));
      SgdJobConf.setModel(jc, modelFile);
      job.setInputFormatClass(ExampleInputFormat.class);
      job.setMapperClass(PredictMapper.class);
    }
    job.setJarByClass(PredictMapper.class);
    FileInputFormat.setInputPaths(job, inputs);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    JobRunner.reportRejects(job);
    try {
      JobRunner.run(job, work);
    } catch (JobFailedException e) {
      output.discardIfEmpty(new Path(output.root(), "_none"));
      throw e;
    }
    PredictOrder.inInputOrder(conf, work, listing);
    int parts = output.adoptJobOutput(work);
    output.removeWork();
    long records = job.getCounters().findCounter(org.apache.hadoop.mapreduce.TaskCounter.MAP_OUTPUT_RECORDS).getValue();
    String columns = kmeans ? "cluster, distance, point" : linear.classes() != null
        ? "label, class, P(class) for classes " + java.util.Arrays.toString(linear.classes().labels())
        : "label, score" + (linear.loss() == org.shardtrain.core.sgd.Loss.LOGISTIC ? ", P(y=1)" : "");
    out.printf("predict: %d %s in %d files under %s (%s per line)%n", records, kmeans ? "assignments" : "scores",
        parts, output.root(), columns);
    return OK;
  }
}
