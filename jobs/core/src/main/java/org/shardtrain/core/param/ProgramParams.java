package org.shardtrain.core.param;

import org.shardtrain.core.io.RecordFormat;

/** Parameters of the programs around training: import and evaluate. */
public final class ProgramParams {
  private ProgramParams() {}

  public enum RecordType { POINTS, RATINGS, LABELED }

  public static final Param<RecordType> IMPORT_TYPE = Param.enumParam("type", "shardtrain.import.type",
      RecordType.class).required().describe("what the records are: points (k-means), ratings (ALS), labeled (SGD)").build();
  public static final Param<RecordFormat> IMPORT_FORMAT = Param.enumParam("format", "shardtrain.import.format",
      RecordFormat.class).required().validate(RecordFormat::isText, "import reads csv, tsv or libsvm text")
      .describe("text format of the input").build();
  public static final Param<Integer> SHARDS = Param.intParam("shards", "shardtrain.import.shards").defaultsTo(4)
      .validate(v -> v >= 1 && v <= 100_000, "must be between 1 and 100000")
      .describe("number of Avro files to write, balanced by record count").build();

  public static final Param<String> MODEL = Param.pathParam("model", "shardtrain.evaluate.model").required()
      .describe("a training output directory, its model/ directory, or a model .avro file").build();
  public static final Param<String> METRICS_OUTPUT = Param.pathParam("output", "shardtrain.evaluate.output")
      .optional().describe("directory to write metrics.json (and rejects/) to; printed either way").build();
}
