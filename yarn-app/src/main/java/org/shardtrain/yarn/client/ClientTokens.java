package org.shardtrain.yarn.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.util.ConverterUtils;

/**
 * The delegation tokens a YARN run needs on a secure cluster, fetched by the logged-in client for every
 * filesystem the run touches and handed to the ApplicationMaster in its launch context (it passes them on
 * to the workers). The ResourceManager is named the renewer, so it renews them for as long as the
 * application runs (up to the tokens' maximum lifetime, 7 days by default), as it does MapReduce jobs'.
 */
final class ClientTokens {
  private ClientTokens() {}

  /**
   * Adds the tokens to {@code credentials}; returns a description of each, for the console. The AM reads the
   * cluster's node labels and an earlier attempt's report from the ResourceManager as a client, which on a
   * secure cluster takes the ResourceManager's own delegation token as well.
   */
  static List<String> addTokens(YarnClient yarn, Configuration conf, Set<URI> filesystems, Credentials credentials)
      throws IOException, YarnException {
    String renewer = YarnClientUtils.getRmPrincipal(conf);
    if (renewer == null || renewer.isEmpty()) {
      throw new IllegalArgumentException("the cluster uses Kerberos but yarn.resourcemanager.principal is not set in "
          + "this client's configuration: the ResourceManager could not renew the run's tokens");
    }
    List<String> fetched = new ArrayList<>();
    for (URI uri : filesystems) {
      // Skips filesystems whose token is already there (the same namenode named twice, an Oozie launcher's).
      Token<?>[] tokens = FileSystem.get(uri, conf).addDelegationTokens(renewer, credentials);
      if (tokens != null) for (Token<?> t : tokens) fetched.add(t.getKind() + " for " + uri);
    }
    Text service = ClientRMProxy.getRMDelegationTokenService(conf);
    if (credentials.getToken(service) == null) {
      Token<?> rm = ConverterUtils.convertFromYarn(yarn.getRMDelegationToken(new Text(renewer)), service);
      credentials.addToken(service, rm);
      fetched.add("the ResourceManager's token");
    }
    return fetched;
  }
}
