package org.shardtrain.yarn.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.shardtrain.yarn.am.Coordinator;

/**
 * Workers ride out an AM that stops answering for a while (its listener gone for longer than Hadoop IPC's
 * own connection retries), over real Hadoop IPC; the AM's own refusals are not retried.
 */
class WorkerRpcRetryTest {
  static final String APP = "application_1_0002";
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  private static <T> T asWorker(WorkerToken.Manager tokens, PrivilegedExceptionAction<T> call) throws Exception {
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser("worker");
    ugi.addToken(tokens.token());
    return ugi.doAs(call);
  }

  @Test
  void aWorkerRetriesThroughAnAmOutageLongerThanIpcsOwnRetries() throws Exception {
    WorkerToken.Manager tokens = new WorkerToken.Manager(SECRET, APP);
    Coordinator coordinator = new Coordinator(1);
    Server first = WorkerRpc.startServer(new Configuration(), coordinator, tokens, 2);
    int port = first.getListenerAddress().getPort();
    InetSocketAddress am = NetUtils.createSocketAddrForHost("127.0.0.1", port);
    first.stop();
    Server[] second = new Server[1];
    Thread restart = new Thread(() -> {
      try {
        Thread.sleep(6_000); // IPC alone gives up after 3 connection retries of 1 s
        second[0] = WorkerRpc.startServer(new Configuration(), coordinator, tokens, 2, port);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    restart.start();
    long start = System.nanoTime();
    try {
      asWorker(tokens, () -> {
        WorkerProtocol proxy = WorkerRpc.proxy(new Configuration(), am);
        try {
          proxy.register(new Registration(0, "container_1", "node", "cpu", "cpu: test", null, 1.0));
          return null;
        } finally {
          WorkerRpc.close(proxy);
        }
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds >= 5, "the call waited for the AM: " + seconds + " s");
      assertEquals("node", coordinator.slot(0).node());
    } finally {
      restart.join();
      if (second[0] != null) second[0].stop();
    }
  }

  @Test
  void theAmsRefusalIsNotRetried() throws Exception {
    WorkerToken.Manager tokens = new WorkerToken.Manager(SECRET, APP);
    Server server = WorkerRpc.startServer(new Configuration(), new Coordinator(1), tokens, 2);
    InetSocketAddress am = NetUtils.createSocketAddrForHost("127.0.0.1", server.getListenerAddress().getPort());
    try {
      long start = System.nanoTime();
      Exception e = assertThrows(Exception.class, () -> asWorker(tokens, () -> {
        WorkerProtocol proxy = WorkerRpc.proxy(new Configuration(), am);
        try {
          return proxy.nextCommand(7, Command.NONE, 10);
        } finally {
          WorkerRpc.close(proxy);
        }
      }));
      assertTrue(String.valueOf(e.getMessage()).contains("no worker slot 7"), String.valueOf(e));
      assertTrue((System.nanoTime() - start) / 1e9 < 2, "answered at once, not retried");
    } finally {
      server.stop();
    }
  }
}
