package org.shardtrain.oozie;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.oozie.test.XTestCase;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Once every test has run: stops the mini cluster Oozie's test base started, then ends any container JVM still
 * alive (registered in META-INF/services). XTestCase stops its cluster from a daemon thread 10 s after the last
 * test, which the forked JVM's exit cuts short; the NodeManagers run in this JVM but their containers are
 * separate processes, which would outlive it.
 */
public final class StopOozieCluster implements TestExecutionListener {
  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    try {
      // XTestCase keeps the cluster in private statics and offers no public stop: its own shutdown method.
      Method stop = XTestCase.class.getDeclaredMethod("shutdownMiniCluster");
      stop.setAccessible(true);
      stop.invoke(null);
    } catch (ReflectiveOperationException e) {
      System.err.println("could not stop Oozie's mini cluster: " + e);
    }
    // The containers the NodeManagers launched are this JVM's descendants (bash launch scripts and their JVMs).
    List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    System.out.println("Oozie's mini cluster stopped; container processes still alive: " + left.size());
    for (ProcessHandle p : left) {
      System.err.println("ending a leftover container process " + p.pid() + ": " + p.info().command().orElse("?"));
      p.destroy();
    }
    for (ProcessHandle p : left) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
