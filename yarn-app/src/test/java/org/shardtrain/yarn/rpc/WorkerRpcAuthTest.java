package org.shardtrain.yarn.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shardtrain.yarn.am.Coordinator;

/**
 * The AM's worker service over real Hadoop IPC on a local port: a worker with the application's token
 * gets through; a caller with no token, or with a token made from another secret or for another
 * application, is refused before any method runs.
 */
class WorkerRpcAuthTest {
  static final String APP = "application_1_0001";
  static Server server;
  static InetSocketAddress address;
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  /** What the server's IPC and security logs say (the AM's container log shows both: shardtrain-container-log4j). */
  static final java.io.StringWriter SECURITY_LOG = new java.io.StringWriter();

  @BeforeAll
  static void start() throws IOException {
    for (String name : new String[] {Server.class.getName(), "SecurityLogger." + Server.class.getName()}) {
      org.apache.log4j.Logger log = org.apache.log4j.Logger.getLogger(name);
      log.setLevel(org.apache.log4j.Level.INFO);
      log.addAppender(new org.apache.log4j.WriterAppender(new org.apache.log4j.SimpleLayout(), SECURITY_LOG));
    }
    server = WorkerRpc.startServer(new Configuration(), new Coordinator(1), new WorkerToken.Manager(SECRET, APP), 2);
    address = NetUtils.createSocketAddrForHost("127.0.0.1", server.getListenerAddress().getPort());
  }

  @AfterAll
  static void stop() { server.stop(); }

  private static <T> T as(WorkerToken.Manager tokens, PrivilegedExceptionAction<T> call) throws Exception {
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser("worker");
    if (tokens != null) ugi.addToken(tokens.token());
    return ugi.doAs(call);
  }

  private static Command poll() throws IOException {
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 0);
    WorkerProtocol proxy = WorkerRpc.proxy(conf, address);
    try {
      return proxy.nextCommand(0, Command.NONE, 10);
    } finally {
      WorkerRpc.close(proxy);
    }
  }

  @Test
  void aWorkerWithTheApplicationsTokenIsServed() throws Exception {
    Command c = as(new WorkerToken.Manager(SECRET, APP), WorkerRpcAuthTest::poll);
    assertEquals(Command.NONE, c.sequence()); // nothing to do yet, after the 10 ms poll
  }

  @Test
  void aCallerWithoutTheTokenIsRefused() throws Exception {
    Exception e = assertThrows(Exception.class, () -> as(null, WorkerRpcAuthTest::poll));
    assertTrue(rootMessage(e).contains("SIMPLE authentication is not enabled.  Available:[TOKEN]"), rootMessage(e));
    assertLogged("threw exception [org.apache.hadoop.security.AccessControlException: SIMPLE authentication is not enabled");
  }

  /** Refusals are logged where the operator looks: the AM's log (Hadoop's IPC security log). */
  private static void assertLogged(String text) throws InterruptedException {
    // The server's reader thread logs the refusal as it closes the connection, which the caller may see first.
    for (int i = 0; i < 50 && !SECURITY_LOG.toString().contains(text); i++) Thread.sleep(100);
    assertTrue(SECURITY_LOG.toString().contains(text), "not in the AM's security log: " + text + "\n" + SECURITY_LOG);
  }

  @Test
  void aTokenFromAnotherSecretIsRefused() throws Exception {
    byte[] forged = "ffffffffffffffffffffffffffffffff".getBytes();
    Exception e = assertThrows(Exception.class, () -> as(new WorkerToken.Manager(forged, APP), WorkerRpcAuthTest::poll));
    assertTrue(rootMessage(e).contains("DIGEST-MD5") && rootMessage(e).contains("SaslException"), rootMessage(e));
    assertLogged("Auth failed for 127.0.0.1");
    assertLogged("DIGEST-MD5: digest response format violation. Mismatched response.");
  }

  @Test
  void anotherApplicationsTokenIsRefused() throws Exception {
    Exception e = assertThrows(Exception.class,
        () -> as(new WorkerToken.Manager(SECRET, "application_1_0002"), WorkerRpcAuthTest::poll));
    assertTrue(rootMessage(e).contains("InvalidToken") && rootMessage(e).contains("application_1_0002"), rootMessage(e));
    assertLogged("a token of application application_1_0002, not " + APP);
  }

  private static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append(" | ");
    return sb.toString();
  }
}
