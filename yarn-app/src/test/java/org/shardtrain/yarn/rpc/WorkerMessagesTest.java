package org.shardtrain.yarn.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.yarn.protocol.AlsSide;
import org.shardtrain.yarn.protocol.AlsSolve;
import org.shardtrain.yarn.protocol.AlsSolved;
import org.shardtrain.yarn.protocol.ColdStart;
import org.shardtrain.yarn.protocol.FactorSource;
import org.shardtrain.yarn.protocol.Split;
import org.shardtrain.yarn.protocol.Stop;

/** The typed commands and reports through Hadoop IPC's Writable envelopes, as the RPC engine sends them. */
class WorkerMessagesTest {
  static <W extends Writable> W roundTrip(W message) throws Exception {
    DataOutputBuffer out = new DataOutputBuffer();
    message.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    @SuppressWarnings("unchecked")
    W copy = (W) message.getClass().getDeclaredConstructor().newInstance();
    copy.readFields(in);
    assertEquals(out.getLength(), in.getPosition(), "the whole message is read back");
    return copy;
  }

  @Test
  void aCommandArrivesAsTheSameTypedOperation() throws Exception {
    AlsSolve solve = new AlsSolve(AlsSide.ITEMS, 7, FactorSource.WARM, "hdfs:/warm/items",
        PackedDoubles.of(new double[] {1, 2, 3}), "hdfs:/factors-000007/items",
        new org.shardtrain.yarn.protocol.Members(3L, 9L, java.util.List.of("node1:4000", "node2:4000")));
    Command c = roundTrip(new Command(12, solve));
    assertEquals(12, c.sequence());
    assertEquals("AlsSolve", c.name());
    AlsSolve got = (AlsSolve) c.operation();
    assertEquals(AlsSide.ITEMS, got.getSide());
    assertEquals(FactorSource.WARM, got.getSource());
    assertEquals("hdfs:/warm/items", got.getSourceFolder());
    assertArrayEquals(new double[] {1, 2, 3}, PackedDoubles.toArray(got.getGram()));
    assertEquals(solve, got);
  }

  @Test
  void noCommandAndStopAreToldApart() throws Exception {
    Command none = roundTrip(Command.none());
    assertEquals(Command.NONE, none.sequence());
    assertNull(none.operation());
    assertTrue(roundTrip(new Command(Long.MAX_VALUE, new Stop())).isStop());
  }

  @Test
  void aRecordThatIsNoOperationIsRefusedBeforeItIsSent() {
    Command notAnOperation = new Command(1, new Split("p", 0L, 1L));
    assertThrows(RuntimeException.class, () -> roundTrip(notAnOperation));
  }

  @Test
  void aReportCarriesItsResultOrItsError() throws Exception {
    Report ok = roundTrip(new Report(2, 5, null, new AlsSolved(1.5, 10L, null), 100, 1.0, 2.0).peakRssMb(64));
    assertEquals(2, ok.slot());
    assertNull(ok.error());
    assertEquals(new AlsSolved(1.5, 10L, null), ok.result());
    assertEquals(64, ok.peakRssMb());
    Report failed = roundTrip(new Report(1, 5, "file a, line 3: bad", null, 0, 0, 0).inputError(true));
    assertNull(failed.result());
    assertEquals("file a, line 3: bad", failed.error());
    assertTrue(failed.inputError());
  }

  @Test
  void theProtocolsColdStartIsTheCoresByName() {
    assertEquals(Arrays.stream(AlsParams.ColdStart.values()).map(Enum::name).toList(),
        Arrays.stream(ColdStart.values()).map(Enum::name).toList());
    assertArrayEquals(new double[] {1, 2, -0.0, Double.NaN, Double.MIN_VALUE},
        PackedDoubles.toArray(PackedDoubles.of(new double[] {1, 2, -0.0, Double.NaN, Double.MIN_VALUE})));
  }
}
