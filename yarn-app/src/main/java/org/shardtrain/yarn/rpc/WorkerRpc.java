package org.shardtrain.yarn.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.ipc.WritableRpcEngine;
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
    Configuration conf = new Configuration(base);
    // TOKEN as the configured method makes it the only one the server offers: SIMPLE callers are refused.
    conf.set(CommonConfigurationKeys.HADOOP_SECURITY_AUTHENTICATION, "token");
    // The token is the authorisation: only this application's containers hold it. Service-level ACLs
    // (hadoop.security.authorization=true on secure clusters) know only Hadoop's own protocols and would
    // refuse this one as "not known".
    conf.setBoolean(CommonConfigurationKeys.HADOOP_SECURITY_AUTHORIZATION, false);
    RPC.setProtocolEngine(conf, WorkerProtocol.class, WritableRpcEngine.class);
    Server server = new RPC.Builder(conf).setProtocol(WorkerProtocol.class).setInstance(impl)
        .setBindAddress("0.0.0.0").setPort(0).setNumHandlers(handlers).setSecretManager(secrets)
        .setVerbose(false).build();
    server.start();
    return server;
  }

  /** A worker's proxy; the caller's credentials (the container's token file) must hold the token. */
  public static WorkerProtocol proxy(Configuration base, InetSocketAddress am) throws IOException {
    Configuration conf = new Configuration(base);
    RPC.setProtocolEngine(conf, WorkerProtocol.class, WritableRpcEngine.class);
    conf.setInt(CommonConfigurationKeys.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 3);
    return RPC.getProxy(WorkerProtocol.class, WorkerProtocol.versionID, am, UserGroupInformation.getCurrentUser(),
        conf, org.apache.hadoop.net.NetUtils.getDefaultSocketFactory(conf), CALL_TIMEOUT_MILLIS);
  }

  public static void close(WorkerProtocol proxy) { RPC.stopProxy(proxy); }
}
