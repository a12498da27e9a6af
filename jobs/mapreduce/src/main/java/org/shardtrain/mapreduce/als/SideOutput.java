package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * A reducer's one-record statistics side output (a named output of the job), written at cleanup. When the
 * job does not declare it (a reducer run alone, as in MRUnit) nothing is written.
 */
final class SideOutput {
  private final String name;
  private final MultipleOutputs<IntWritable, PartialWritable> outputs;

  @SuppressWarnings({"unchecked", "rawtypes"})
  SideOutput(TaskInputOutputContext<?, ?, ?, ?> context, String name) {
    this.name = name;
    boolean present = declared(context, name);
    // Raw: MultipleOutputs ties its types to the context's main output; the side output has its own.
    this.outputs = present ? new MultipleOutputs(context) : null;
  }

  /** Whether the job declared the named output {@code name}. */
  static boolean declared(TaskInputOutputContext<?, ?, ?, ?> context, String name) {
    String declared = context.getConfiguration().get("mapreduce.multipleoutputs", "");
    return (" " + declared + " ").contains(" " + name + " ");
  }

  void writeAndClose(PartialWritable value) throws IOException, InterruptedException {
    if (outputs == null) return;
    outputs.write(name, new IntWritable(0), value);
    outputs.close();
  }
}
