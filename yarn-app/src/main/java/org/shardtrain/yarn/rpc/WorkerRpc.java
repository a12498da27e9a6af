package org.shardtrain.yarn.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.ipc.WritableRpcEngine;
import org.apache.hadoop.io.retry.RetryPolicies;
import org.apache.hadoop.io.retry.RetryPolicy;
import org.apache.hadoop.io.retry.RetryProxy;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Both ends of {@link WorkerProtocol}. Writable RPC (not protobuf) keeps the protocol one Java interface
 * with Writable messages; Hadoop IPC brings SASL token authentication, handler threads and per-call
 * time-outs, as the MapReduce AM's task umbilical has them.
 */
public final class WorkerRpc {
  /** Every call fails after this long without an answer (long polls wait less, see {@link #POLL_MILLIS}). */
  public static final int CALL_TIMEOUT_MILLIS = 60_000;
  public static final long POLL_MILLIS = 10_000;

  private WorkerRpc() {}

  /** Starts the AM's server on any free port, accepting only callers with the application's token. */
  public static Server startServer(Configuration base, WorkerProtocol impl, WorkerToken.Manager secrets, int handlers)
      throws IOException {
    return startServer(base, impl, secrets, handlers, 0);
  }

  /** {@link #startServer} on {@code port} (0: any free one). */
  public static Server startServer(Configuration base, WorkerProtocol impl, WorkerToken.Manager secrets, int handlers,
                                   int port) throws IOException {
    Configuration conf = new Configuration(base);
    // TOKEN as the configured method makes it the only one the server offers: SIMPLE callers are refused.
    conf.set(CommonConfigurationKeys.HADOOP_SECURITY_AUTHENTICATION, "token");
    // The token is the authorisation: only this application's containers hold it. Service-level ACLs
    // (hadoop.security.authorization=true on secure clusters) know only Hadoop's own protocols and would
    // refuse this one as "not known".
    conf.setBoolean(CommonConfigurationKeys.HADOOP_SECURITY_AUTHORIZATION, false);
    RPC.setProtocolEngine(conf, WorkerProtocol.class, WritableRpcEngine.class);
    Server server = new RPC.Builder(conf).setProtocol(WorkerProtocol.class).setInstance(impl)
        .setBindAddress("0.0.0.0").setPort(port).setNumHandlers(handlers).setSecretManager(secrets)
        .setVerbose(false).build();
    server.start();
    return server;
  }

  /**
   * A worker's proxy; the caller's credentials (the container's token file) must hold the token. Calls that
   * fail in the network — the AM unreachable for a while (a long garbage-collection pause, a restarted
   * listener), a connection dropped, an answer that does not come within the call time-out — are retried
   * with exponential back-off by Hadoop's own {@link RetryProxy}, as HDFS and YARN clients retry theirs;
   * the AM's answers (a {@code RemoteException}: refused, unknown slot) and authentication failures are not.
   * Every call may run twice safely: registering again and polling again change nothing, and a report sent
   * again replaces its equal (the coordinator keeps one report per slot and pass).
   */
  public static WorkerProtocol proxy(Configuration base, InetSocketAddress am) throws IOException {
    Configuration conf = new Configuration(base);
    RPC.setProtocolEngine(conf, WorkerProtocol.class, WritableRpcEngine.class);
    conf.setInt(CommonConfigurationKeys.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 3);
    WorkerProtocol direct = RPC.getProxy(WorkerProtocol.class, WorkerProtocol.versionID, am,
        UserGroupInformation.getCurrentUser(), conf, org.apache.hadoop.net.NetUtils.getDefaultSocketFactory(conf),
        CALL_TIMEOUT_MILLIS);
    return (WorkerProtocol) RetryProxy.create(WorkerProtocol.class, new DirectProxy(direct), networkRetries());
  }

  /** Back-off of 250 ms × a random 1…2^k for the k-th retry, 10 retries: about 4 minutes at most expected. */
  static RetryPolicy networkRetries() {
    RetryPolicy backOff = RetryPolicies.exponentialBackoffRetry(RETRIES, 250, TimeUnit.MILLISECONDS);
    Map<Class<? extends Exception>, RetryPolicy> byException = new HashMap<>();
    for (Class<? extends Exception> e : List.of(ConnectException.class, SocketTimeoutException.class,
        EOFException.class, NoRouteToHostException.class, java.net.SocketException.class)) {
      byException.put(e, backOff);
    }
    return RetryPolicies.retryByException(RetryPolicies.TRY_ONCE_THEN_FAIL, byException);
  }

  static final int RETRIES = 10;

  /**
   * The IPC proxy behind the retrying one, closed through {@link #close}: {@link RetryProxy} hands calls to
   * this object, and RPC.stopProxy needs the IPC proxy itself.
   */
  private record DirectProxy(WorkerProtocol ipc) implements org.apache.hadoop.io.retry.FailoverProxyProvider<WorkerProtocol> {
    @Override public Class<WorkerProtocol> getInterface() { return WorkerProtocol.class; }
    @Override public ProxyInfo<WorkerProtocol> getProxy() { return new ProxyInfo<>(ipc, "am"); }
    @Override public void performFailover(WorkerProtocol currentProxy) { }
    @Override public void close() { RPC.stopProxy(ipc); }
  }

  public static void close(WorkerProtocol proxy) { RPC.stopProxy(proxy); }
}
