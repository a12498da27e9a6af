package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.junit.jupiter.api.Test;
import org.shardtrain.host.JobFailedException;

/** What each worker slot asks the ResourceManager for, and how its container is started, without a cluster. */
class WorkerAsksTest {
  private static final WorkerPools POOLS = new WorkerPools(2, 1, "gpu-nodes", 1);

  private static WorkerAsks asks() throws JobFailedException {
    return WorkerAsks.forCluster(POOLS, 2048, 2, Resource.newInstance(8192, 8), false,
        slot -> slot == 0 ? new String[] {"n1", "n2"} : new String[0]);
  }

  @Test
  void aCpuWorkerAsksNearItsShardsAtTheCpuPriority() throws Exception {
    ContainerRequest r = asks().ask(0);
    assertEquals(WorkerAsks.CPU_WORKERS, r.getPriority());
    assertEquals(List.of("n1", "n2"), r.getNodes());
    assertTrue(r.getRelaxLocality());
    assertEquals(2048, r.getCapability().getMemorySize());
    assertEquals(2, r.getCapability().getVirtualCores());
    assertNull(asks().ask(1).getNodes()); // no local bytes: anywhere
  }

  @Test
  void aGpuWorkerAsksByLabelWithNoNodesAtItsOwnPriority() throws Exception {
    ContainerRequest r = asks().ask(2);
    assertEquals(WorkerAsks.GPU_WORKERS, r.getPriority());
    assertEquals("gpu-nodes", r.getNodeLabelExpression());
    assertNull(r.getNodes());
    assertTrue(WorkerAsks.forGpuPool(r.getPriority()));
  }

  @Test
  void aReplacementAsksAsTheFirstDid() throws Exception {
    WorkerAsks a = asks();
    ContainerRequest first = a.ask(0);
    ContainerRequest again = a.ask(0);
    assertEquals(first.getNodes(), again.getNodes());
    assertEquals(first.getPriority(), again.getPriority());
    assertEquals(first.getCapability(), again.getCapability());
  }

  @Test
  void aWorkerLargerThanAnyContainerIsRefusedBeforeAsking() {
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> WorkerAsks.forCluster(POOLS, 16384, 2, Resource.newInstance(8192, 8), false, slot -> new String[0]));
    assertTrue(e.getMessage().startsWith("a worker asks for 16384 MB and 2 vcores but the cluster's largest container is 8192 MB"),
        e.getMessage());
  }

  @Test
  void theWorkerCommandNamesItsSlotAndPool() {
    WorkerPool.LaunchSpec spec = new WorkerPool.LaunchSpec("als", "am-host", 4242, Map.of(), "cp", new Credentials(),
        1000, 1, 3, POOLS);
    List<String> command = new WorkerLaunch(spec).command(2);
    int main = command.indexOf("org.shardtrain.yarn.worker.WorkerMain");
    assertTrue(main > 0, command.toString());
    assertArrayEquals(new String[] {"als", "am-host", "4242", "2", "gpu"},
        command.subList(main + 1, main + 6).toArray(new String[0]));
    assertTrue(command.contains("-Xmx800m"), command.toString());
  }
}
