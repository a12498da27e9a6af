package org.shardtrain.yarn.rpc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import javax.crypto.SecretKey;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.TokenSelector;

/**
 * The per-application secret that admits a worker to the AM's RPC service. The client draws a random
 * key and gives it only to the AM (in the AM container's credentials); the AM derives the token from it
 * and gives that only to its own worker containers (their credentials). The RPC server accepts SASL
 * DIGEST-MD5 with this token and nothing else.
 */
public final class WorkerToken {
  public static final Text KIND = new Text("SHARDTRAIN_WORKER");
  /** The credentials alias of the application's secret key. */
  public static final Text SECRET_ALIAS = new Text("shardtrain.worker.secret");

  private WorkerToken() {}

  /** Who the token speaks for: one application. */
  public static final class Identifier extends TokenIdentifier {
    private Text application = new Text();

    public Identifier() {}

    public Identifier(String application) { this.application = new Text(application); }

    public String application() { return application.toString(); }

    @Override public Text getKind() { return KIND; }

    @Override
    public UserGroupInformation getUser() { return UserGroupInformation.createRemoteUser(application.toString()); }

    @Override public void write(DataOutput out) throws IOException { application.write(out); }

    @Override public void readFields(DataInput in) throws IOException { application.readFields(in); }
  }

  /** Passwords are an HMAC of the identifier under the application's key; other applications' fail. */
  public static final class Manager extends SecretManager<Identifier> {
    private final SecretKey key;
    private final String application;

    public Manager(byte[] secret, String application) {
      this.key = createSecretKey(secret);
      this.application = application;
    }

    @Override
    protected byte[] createPassword(Identifier id) { return createPassword(id.getBytes(), key); }

    @Override
    public byte[] retrievePassword(Identifier id) throws InvalidToken {
      if (!application.equals(id.application())) {
        throw new InvalidToken("a token of application " + id.application() + ", not " + application);
      }
      return createPassword(id);
    }

    @Override public Identifier createIdentifier() { return new Identifier(); }

    public Token<Identifier> token() { return new Token<>(new Identifier(application), this); }
  }

  /** The application's token in this process's credentials (a worker container's), or null. */
  @SuppressWarnings("unchecked")
  public static Token<Identifier> held() throws IOException {
    for (Token<? extends TokenIdentifier> t : UserGroupInformation.getCurrentUser().getCredentials().getAllTokens()) {
      if (KIND.equals(t.getKind())) return (Token<Identifier>) t;
    }
    return null;
  }

  /** A worker talks to one AM, so any token of this kind is the one. */
  public static final class Selector implements TokenSelector<Identifier> {
    @SuppressWarnings("unchecked")
    @Override
    public Token<Identifier> selectToken(Text service, Collection<Token<? extends TokenIdentifier>> tokens) {
      for (Token<? extends TokenIdentifier> t : tokens) {
        if (KIND.equals(t.getKind())) return (Token<Identifier>) t;
      }
      return null;
    }
  }
}
