package org.shardtrain.yarn.am;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;

/** How a worker container starts: the worker JVM's command line, classpath, resources and tokens. */
final class WorkerLaunch {
  private final WorkerPool.LaunchSpec spec;

  WorkerLaunch(WorkerPool.LaunchSpec spec) { this.spec = spec; }

  /** {@code WorkerMain <program> <am host> <am port> <slot> <pool>}, logs to the container's log folder. */
  List<String> command(int slot) {
    List<String> command = new ArrayList<>();
    command.add(ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java");
    command.add("-Xmx" + Math.max(64, spec.memoryMb() * 8 / 10) + "m");
    command.add("-Dlog4j.configuration=shardtrain-container-log4j.properties");
    command.add("--add-modules=jdk.incubator.vector"); // the CPU kernels' SIMD path (docs/design.md, "Kernels")
    command.add("org.shardtrain.yarn.worker.WorkerMain");
    command.add(spec.program());
    command.add(spec.amHost());
    command.add(Integer.toString(spec.amPort()));
    command.add(Integer.toString(slot));
    command.add(spec.pools().poolOf(slot));
    command.add("1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout");
    command.add("2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr");
    return command;
  }

  ContainerLaunchContext context(int slot) throws IOException {
    DataOutputBuffer tokens = new DataOutputBuffer();
    spec.credentials().writeTokenStorageToStream(tokens);
    return ContainerLaunchContext.newInstance(spec.resources(), Map.of("CLASSPATH", spec.classpath()),
        List.of(String.join(" ", command(slot))), null, ByteBuffer.wrap(tokens.getData(), 0, tokens.getLength()), null);
  }
}
