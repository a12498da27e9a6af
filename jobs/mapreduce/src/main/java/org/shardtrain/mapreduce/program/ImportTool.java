package org.shardtrain.mapreduce.program;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.mapreduce.JobFailedException;
import org.shardtrain.mapreduce.ReportingJob;
import org.shardtrain.mapreduce.importer.AvroShardOutputFormat;
import org.shardtrain.mapreduce.importer.ImportMapper;
import org.shardtrain.mapreduce.importer.NumberedLineInputFormat;
import org.shardtrain.mapreduce.importer.RecordEncoder;
import org.shardtrain.mapreduce.importer.ShardReducer;
import org.shardtrain.mapreduce.io.ShardtrainCounter;

/** {@code shardtrain import}: text (CSV, TSV, LIBSVM) to sharded Avro container files, balanced by record count. */
public final class ImportTool extends ProgramTool {
  @Override public String name() { return "import"; }

  @Override
  public String summary() { return "Convert text records (csv, tsv, libsvm) into sharded Avro container files."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.IMPORT_TYPE, ProgramParams.IMPORT_FORMAT, RunParams.INPUT, RunParams.OUTPUT,
        ProgramParams.SHARDS, RunParams.ON_BAD_RECORD, RunParams.OVERWRITE));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    RecordEncoder encoder = RecordEncoder.of(p.get(ProgramParams.IMPORT_TYPE), p.get(ProgramParams.IMPORT_FORMAT));
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs); // a missing input fails here, in one line
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path work = new Path(output.workDir(), "import");
    Path errors = new Path(output.workDir(), "errors");

    Job job = Job.getInstance(conf, "shardtrain import " + inputs);
    Configuration jc = job.getConfiguration();
    jc.set(AvroShardOutputFormat.SCHEMA_KEY, encoder.schema().toString());
    job.setJarByClass(ImportMapper.class);
    job.setInputFormatClass(NumberedLineInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs);
    job.setMapperClass(ImportMapper.class);
    job.setReducerClass(ShardReducer.class);
    job.setNumReduceTasks(p.get(ProgramParams.SHARDS));
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setOutputFormatClass(AvroShardOutputFormat.class);
    FileOutputFormat.setOutputPath(job, work);
    ReportingJob.configure(job, errors);
    try {
      ReportingJob.run(job, errors);
    } catch (JobFailedException e) {
      output.discardIfEmpty(new Path(output.root(), "_none"));
      throw e;
    }
    int shards = output.adoptJobOutput(work);
    output.removeWork();
    FileSystem fs = work.getFileSystem(conf);
    fs.create(new Path(output.root(), "_SUCCESS"), true).close();

    Counters c = job.getCounters();
    long records = c.findCounter(ShardtrainCounter.RECORDS).getValue();
    long bad = c.findCounter(ShardtrainCounter.BAD_RECORDS).getValue();
    out.printf("import: %d records into %d Avro shards under %s%s%n", records, shards, output.root(),
        p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP
            ? ", " + bad + " bad records" + (bad > 0 ? " in " + output.rejectsDir() : "") : "");
    return OK;
  }
}
