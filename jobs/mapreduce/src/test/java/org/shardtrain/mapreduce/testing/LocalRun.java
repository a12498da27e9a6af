package org.shardtrain.mapreduce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.shardtrain.host.program.ProgramTool;

/** Runs shardtrain programs in this JVM with Hadoop's local job runner on the local filesystem. */
public final class LocalRun {
  private LocalRun() {}

  public record Result(int exit, String out, String err) {
    public JsonNode json() throws IOException { return new ObjectMapper().readTree(out); }
  }

  public static Configuration conf(Path scratch) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    // LocalJobRunner stages under /tmp/hadoop/mapred/staging unless told otherwise (STACK.md).
    conf.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("staging").toString());
    conf.set("mapreduce.cluster.local.dir", scratch.resolve("local").toString());
    return conf;
  }

  public static Result run(Configuration conf, ProgramTool tool, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    tool.withStreams(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit = ToolRunner.run(new Configuration(conf), tool, args);
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static JsonNode metrics(Path output) throws IOException {
    return new ObjectMapper().readTree(Files.readString(output.resolve("metrics.json")));
  }
}
