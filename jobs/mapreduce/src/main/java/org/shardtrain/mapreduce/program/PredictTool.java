package org.shardtrain.mapreduce.program;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.mapreduce.JobFailedException;
import org.shardtrain.mapreduce.ReportingJob;
import org.shardtrain.mapreduce.io.ExampleInputFormat;
import org.shardtrain.mapreduce.sgd.PredictMapper;
import org.shardtrain.mapreduce.sgd.SgdJobConf;

/** {@code shardtrain predict}: a score per record (and a probability for logistic) from a linear model. */
public final class PredictTool extends ProgramTool {
  @Override public String name() { return "predict"; }

  @Override
  public String summary() { return "Score records with a linear model: label, score (and P(y=1) for logistic) per line."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.MODEL, RunParams.INPUT, RunParams.FORMAT, RunParams.OUTPUT,
        RunParams.ON_BAD_RECORD, RunParams.OVERWRITE));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    LinearModel model = ModelFiles.readLinear(conf, p.get(ProgramParams.MODEL));
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs);
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path modelFile = new Path(output.workDir(), "model.avro");
    AvroFiles.writeAtomically(conf, modelFile, SgdCodec.toAvro(model, Map.of()));
    Path work = new Path(output.workDir(), "predict");
    Path errors = new Path(output.workDir(), "errors");

    Job job = Job.getInstance(conf, "shardtrain predict " + inputs);
    Configuration jc = job.getConfiguration();
    SgdJobConf.setModel(jc, modelFile);
    job.setJarByClass(PredictMapper.class);
    job.setInputFormatClass(ExampleInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs);
    job.setMapperClass(PredictMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, work);
    ReportingJob.configure(job, errors);
    try {
      ReportingJob.run(job, errors);
    } catch (JobFailedException e) {
      output.discardIfEmpty(new Path(output.root(), "_none"));
      throw e;
    }
    int parts = output.adoptJobOutput(work);
    output.removeWork();
    long records = job.getCounters().findCounter(org.apache.hadoop.mapreduce.TaskCounter.MAP_OUTPUT_RECORDS).getValue();
    out.printf("predict: %d scores in %d files under %s (label, score%s per line)%n", records, parts, output.root(),
        model.loss() == org.shardtrain.core.sgd.Loss.LOGISTIC ? ", P(y=1)" : "");
    return OK;
  }
}
