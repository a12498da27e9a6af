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
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.RunOutput;
import org.shardtrain.mapreduce.JobRunner;
import org.shardtrain.mapreduce.importer.AvroShardOutputFormat;
import org.shardtrain.mapreduce.importer.ImportMapper;
import org.shardtrain.mapreduce.importer.NumberedLineInputFormat;
import org.shardtrain.mapreduce.importer.RecordEncoder;
import org.shardtrain.mapreduce.importer.ShardReducer;

/** {@code shardtrain import}: text (CSV, TSV, LIBSVM) to sharded Avro container files, balanced by record count. */
public final class ImportTool extends ProgramTool {
  @Override public String name() { return "import"; }

  @Override public int listOrder() { return 10; }

  @Override
  public String summary() { return "Convert text records (csv, tsv, libsvm) into sharded Avro container files."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.IMPORT_TYPE, ProgramParams.IMPORT_FORMAT, RunParams.INPUT,
        RunParams.OUTPUT.narrowed("output directory: the Avro shards (part-r-*.avro), _SUCCESS, rejects/"),
        ProgramParams.SHARDS, RunParams.ON_BAD_RECORD, RunParams.OVERWRITE));
  }

  /**
   * Each shard is a reduce task and an output file: shards the input can never fill cost a task each (100,000
   * of them on 3 rows ran for minutes, then out of memory). A record is at least 2 bytes of text (a character
   * and a newline), so uncompressed text of B bytes holds at most B / 2 records; a compressed file is not
   * bounded here.
   */
  static void refuseShardsBeyondRecords(Configuration conf, List<org.apache.hadoop.fs.FileStatus> files, int shards) {
    long mostRecords = 0;
    org.apache.hadoop.io.compress.CompressionCodecFactory codecs = new org.apache.hadoop.io.compress.CompressionCodecFactory(conf);
    for (org.apache.hadoop.fs.FileStatus f : files) {
      if (codecs.getCodec(f.getPath()) != null) return;
      mostRecords += f.getLen() / 2;
    }
    if (shards > Math.max(1, mostRecords)) {
      throw new IllegalArgumentException("--shards " + shards + " is more than the input can fill: its "
          + files.size() + (files.size() == 1 ? " file holds" : " files hold") + " at most " + mostRecords
          + " records (" + 2 * mostRecords + " bytes); give at most " + Math.max(1, mostRecords));
    }
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    RecordEncoder encoder = RecordEncoder.of(p.get(ProgramParams.IMPORT_TYPE), p.get(ProgramParams.IMPORT_FORMAT));
    String inputs = p.get(RunParams.INPUT);
    // A missing input fails here, in one line.
    refuseShardsBeyondRecords(conf, org.shardtrain.formats.PointSources.listDataFiles(conf, inputs), p.get(ProgramParams.SHARDS));
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path work = new Path(output.workDir(), "import");
    Path errors = new Path(output.workDir(), "errors");

    Job job = JobRunner.newJob(conf, "import " + inputs, errors, c -> { });
    Configuration jc = job.getConfiguration();
    AvroShardOutputFormat.SCHEMA.write(jc::set, encoder.schema().toString());
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
    JobRunner.reportRejects(job);
    try {
      JobRunner.run(job, work);
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
