package org.shardtrain.integration;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the shared mini clusters once the whole suite has run (registered in META-INF/services). A JVM
 * shutdown hook is too late: surefire/failsafe kill a fork that has not exited 30 s after System.exit.
 */
public final class StopMiniClusters implements TestExecutionListener {
  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    MiniClusters.stopIfStarted();
  }
}
