package org.shardtrain.core.param;

import java.util.List;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;

/** Parameters every training program shares: where data comes from and goes, and how a run behaves. */
public final class RunParams {
  private RunParams() {}

  public enum Engine { MR }

  public static final Param<String> INPUT = Param.stringParam("input", "shardtrain.input").required()
      .modelDefining().describe("input file or directory (comma-separated for several)").build();
  public static final Param<String> OUTPUT = Param.stringParam("output", "shardtrain.output").required()
      .describe("output directory: model/, metrics.json, rejects/").build();
  public static final Param<RecordFormat> FORMAT = Param.enumParam("format", "shardtrain.format", RecordFormat.class)
      .defaultsTo(RecordFormat.AVRO).modelDefining().describe("input format").build();
  public static final Param<Engine> ENGINE = Param.enumParam("engine", "shardtrain.engine", Engine.class)
      .defaultsTo(Engine.MR).describe("execution engine: mr = one MapReduce job per iteration").build();
  public static final Param<Boolean> OVERWRITE = Param.flag("overwrite", "shardtrain.overwrite")
      .describe("replace an existing output directory").build();
  public static final Param<BadRecordPolicy> ON_BAD_RECORD = Param.enumParam("on-bad-record",
          "shardtrain.on-bad-record", BadRecordPolicy.class).defaultsTo(BadRecordPolicy.FAIL).modelDefining()
      .describe("fail: stop at the first malformed record; skip: count it and write it to <output>/rejects/").build();
  public static final Param<String> CHECKPOINT_DIR = Param.stringParam("checkpoint-dir", "shardtrain.checkpoint-dir")
      .optional().describe("where checkpoints go (default <output>/_checkpoints)").build();
  public static final Param<Boolean> RESUME = Param.flag("resume", "shardtrain.resume")
      .describe("continue from the last complete checkpoint of an interrupted run").build();

  public static final List<Param<?>> ALL =
      List.of(INPUT, OUTPUT, FORMAT, ENGINE, OVERWRITE, ON_BAD_RECORD, CHECKPOINT_DIR, RESUME);
}
