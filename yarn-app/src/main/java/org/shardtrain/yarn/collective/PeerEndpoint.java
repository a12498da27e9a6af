package org.shardtrain.yarn.collective;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ipc.ProtocolSignature;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.ipc.WritableRpcEngine;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.Token;
import org.shardtrain.yarn.rpc.WorkerToken;

/**
 * A worker's side of the allreduces among workers: an IPC server that accepts only callers holding this
 * application's {@link WorkerToken} (the worker checks a caller's token against the one it holds itself — it
 * never sees the AM's secret), mailboxes for the messages pushed to it, and {@link Link}s that send to the other
 * members' endpoints. Messages carry the membership epoch: a message of an older epoch (from a worker that was
 * replaced, or of a pass that is being redone) is refused, never merged; moving to a new epoch wakes any member
 * still waiting in the old one with an error.
 */
public final class PeerEndpoint implements PeerProtocol, Closeable {
  /** How long a member waits for one message before the collective fails (a lost peer, a partition). */
  public static final long RECEIVE_TIMEOUT_MILLIS = 5 * 60_000L;

  private final Configuration clientConf;
  private final Server server;
  private final InetSocketAddress address;
  /** By address and caller: a proxy keeps the identity it was made with (a worker has one, a test several). */
  private final Map<ProxyKey, PeerProtocol> proxies = new ConcurrentHashMap<>();
  private final Map<Key, double[]> mailbox = new java.util.HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private long epoch;
  /** What answers fetches of this worker's ALS factors (none until an ALS worker registers one). */
  private volatile FactorServer factors;
  /** What answers fetches of this worker's byte streams (none until an ALS worker registers one). */
  private volatile StreamServer streams;

  private record Key(long epoch, long collective, int round, int from) {}

  private record ProxyKey(InetSocketAddress address, UserGroupInformation caller) {}

  private PeerEndpoint(Configuration base, Token<WorkerToken.Identifier> held, int handlers) throws IOException {
    Configuration conf = new Configuration(base);
    conf.set(CommonConfigurationKeys.HADOOP_SECURITY_AUTHENTICATION, "token"); // TOKEN only: SIMPLE callers refused
    conf.setBoolean(CommonConfigurationKeys.HADOOP_SECURITY_AUTHORIZATION, false); // the token is the authorisation
    RPC.setProtocolEngine(conf, PeerProtocol.class, WritableRpcEngine.class);
    this.server = new RPC.Builder(conf).setProtocol(PeerProtocol.class).setInstance(this).setBindAddress("0.0.0.0")
        .setPort(0).setNumHandlers(handlers).setSecretManager(new HeldToken(held)).setVerbose(false).build();
    server.start();
    this.clientConf = new Configuration(base);
    RPC.setProtocolEngine(clientConf, PeerProtocol.class, WritableRpcEngine.class);
    this.address = NetUtils.createSocketAddrForHost(NetUtils.getLocalHostname(), server.getListenerAddress().getPort());
  }

  /** Starts a worker's endpoint; {@code held} is the application's token from the worker's credentials. */
  public static PeerEndpoint start(Configuration conf, Token<WorkerToken.Identifier> held, int handlers) throws IOException {
    return new PeerEndpoint(conf, held, handlers);
  }

  /** Where the other workers reach this one (published in the AM's member table). */
  public InetSocketAddress address() { return address; }

  /** The port the server listens on (bound on every interface). */
  public int port() { return server.getListenerAddress().getPort(); }

  /**
   * Moves to membership epoch {@code e}: messages of older epochs are refused from now on, those held are
   * dropped, and members waiting for one fail.
   */
  public void epoch(long e) {
    lock.lock();
    try {
      if (e < epoch) throw new IllegalArgumentException("epoch " + e + " is older than " + epoch);
      epoch = e;
      mailbox.keySet().removeIf(k -> k.epoch() < e);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Moves to epoch {@code e} unless already there or past it (a worker learns epochs from its commands). */
  public void epochAtLeast(long e) {
    lock.lock();
    try {
      if (e > epoch) epoch(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deliver(PeerMessage m) throws IOException {
    lock.lock();
    try {
      if (m.epoch() < epoch) {
        throw new IOException("a message of membership epoch " + m.epoch() + " from member " + m.from()
            + " arrived in epoch " + epoch + ": refused (the sender was replaced or its pass is being redone)");
      }
      mailbox.put(new Key(m.epoch(), m.collective(), m.round(), m.from()), m.values());
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Makes {@code server} answer the other workers' fetches of this worker's factors. */
  public void serveFactors(FactorServer server) { this.factors = server; }

  /** Makes {@code server} answer the other workers' fetches of this worker's byte streams. */
  public void serveStreams(StreamServer server) { this.streams = server; }

  @Override
  public FactorChunk fetchFactors(long e, String step, int toBlock, int firstRow, int maxRows) throws IOException {
    refuseOlder(e, step);
    FactorServer server = factors;
    return server == null ? FactorChunk.notHeld() : server.serve(step, toBlock, firstRow, maxRows);
  }

  @Override
  public ByteChunk fetchStream(long e, String name, long offset, int maxBytes) throws IOException {
    refuseOlder(e, name);
    StreamServer server = streams;
    return server == null ? ByteChunk.notHeld() : server.serve(name, offset, maxBytes);
  }

  private void refuseOlder(long e, String what) throws IOException {
    lock.lock();
    try {
      if (e < epoch) {
        throw new IOException("a fetch of " + what + " of membership epoch " + e + " arrived in epoch " + epoch
            + ": refused (the asking worker's command was posted again for a new membership, or it was replaced)");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Part of the worker at {@code from}'s stream {@code name} (see {@link PeerProtocol#fetchStream}). */
  public ByteChunk fetchStream(InetSocketAddress from, long e, String name, long offset, int maxBytes) throws IOException {
    return proxy(from).fetchStream(e, name, offset, maxBytes);
  }

  /**
   * Fetches part of what the worker at {@code from} sent this worker's block at {@code step} (see
   * {@link PeerProtocol#fetchFactors}), as the current user, whose credentials hold the application's token.
   */
  public FactorChunk fetch(InetSocketAddress from, long e, String step, int toBlock, int firstRow, int maxRows)
      throws IOException {
    return proxy(from).fetchFactors(e, step, toBlock, firstRow, maxRows);
  }

  /** How often a waiting member asks whether its collective was superseded (a new membership posted). */
  static final long SUPERSEDED_CHECK_MILLIS = 1000;

  private double[] take(Key key, long timeoutMillis, java.util.function.BooleanSupplier superseded)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      lock.lock();
      try {
        long checkAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SUPERSEDED_CHECK_MILLIS);
        while (true) {
          if (key.epoch() < epoch) {
            throw new IOException("membership moved to epoch " + epoch + " while member waited for round " + key.round()
                + " from member " + key.from());
          }
          double[] v = mailbox.remove(key);
          if (v != null) return v;
          long now = System.nanoTime();
          if (now >= deadline) {
            throw new IOException("no message from member " + key.from() + " for round " + key.round() + " within "
                + timeoutMillis / 1000 + " s");
          }
          if (now >= checkAt) break;
          arrived.awaitNanos(Math.min(deadline, checkAt) - now);
        }
      } finally {
        lock.unlock();
      }
      // Outside the lock (deliveries go on): asking the AM may take a while.
      if (superseded.getAsBoolean()) {
        throw new IOException("the pass was posted again for a new membership (a worker was replaced) while member waited"
            + " for round " + key.round() + " from member " + key.from());
      }
    }
  }

  /** How many messages are held (arrived, not yet taken). */
  int held() {
    lock.lock();
    try {
      return mailbox.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The link member {@code rank} uses in collective {@code collective} of epoch {@code epoch}, whose members'
   * endpoints are {@code members} (by rank). Calls to the others are made as the current user, whose
   * credentials hold the application's token.
   */
  public Link link(int rank, long epoch, long collective, List<InetSocketAddress> members) {
    return link(rank, epoch, collective, members, RECEIVE_TIMEOUT_MILLIS, () -> false);
  }

  /**
   * {@link #link}, whose waits ask {@code superseded} every second whether the AM has posted the pass again
   * for a new membership — then the wait ends with an error instead of running out its time-out.
   */
  public Link link(int rank, long epoch, long collective, List<InetSocketAddress> members, long receiveTimeoutMillis,
                   java.util.function.BooleanSupplier superseded) {
    return new Link() {
      @Override
      public void send(int to, int round, double[] values, int length) throws IOException {
        proxy(members.get(to)).deliver(new PeerMessage(epoch, collective, round, rank, values, length));
      }

      @Override
      public double[] receive(int from, int round) throws IOException, InterruptedException {
        return take(new Key(epoch, collective, round, from), receiveTimeoutMillis, superseded);
      }
    };
  }

  private PeerProtocol proxy(InetSocketAddress to) throws IOException {
    UserGroupInformation caller = UserGroupInformation.getCurrentUser();
    ProxyKey key = new ProxyKey(to, caller);
    PeerProtocol p = proxies.get(key);
    if (p != null) return p;
    PeerProtocol created = RPC.getProxy(PeerProtocol.class, PeerProtocol.versionID, to, caller,
        clientConf, NetUtils.getDefaultSocketFactory(clientConf), 60_000);
    PeerProtocol raced = proxies.putIfAbsent(key, created);
    if (raced != null) {
      RPC.stopProxy(created);
      return raced;
    }
    return created;
  }

  @Override
  public void close() {
    for (PeerProtocol p : proxies.values()) RPC.stopProxy(p);
    proxies.clear();
    server.stop();
  }

  @Override
  public long getProtocolVersion(String protocol, long clientVersion) { return versionID; }

  @Override
  public ProtocolSignature getProtocolSignature(String protocol, long clientVersion, int clientMethodsHash) throws IOException {
    return ProtocolSignature.getProtocolSignature(this, protocol, clientVersion, clientMethodsHash);
  }

  /**
   * The server's side of SASL DIGEST-MD5 on a worker: the password of an identifier is that of the token the
   * worker holds, for that identifier only. A worker cannot mint tokens (it has no secret) and needs none.
   */
  private static final class HeldToken extends SecretManager<WorkerToken.Identifier> {
    private final Token<WorkerToken.Identifier> held;
    private final WorkerToken.Identifier identifier;

    HeldToken(Token<WorkerToken.Identifier> held) throws IOException {
      this.held = held;
      this.identifier = held.decodeIdentifier();
    }

    @Override
    protected byte[] createPassword(WorkerToken.Identifier id) {
      throw new UnsupportedOperationException("a worker does not issue tokens");
    }

    @Override
    public byte[] retrievePassword(WorkerToken.Identifier id) throws InvalidToken {
      if (!identifier.application().equals(id.application())) {
        throw new InvalidToken("a token of application " + id.application() + ", not " + identifier.application());
      }
      return held.getPassword();
    }

    @Override
    public WorkerToken.Identifier createIdentifier() { return new WorkerToken.Identifier(); }
  }
}
