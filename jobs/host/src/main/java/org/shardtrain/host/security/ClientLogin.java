package org.shardtrain.host.security;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;
import org.apache.hadoop.security.UserGroupInformation;
import org.shardtrain.core.param.ParamException;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.SecurityParams;

/**
 * The submitting side's identity on a Kerberos-secured cluster, settled before the run touches HDFS or
 * YARN: a keytab login when {@code --principal/--keytab} are given, else the ticket cache, else the
 * delegation tokens this process was started with (an Oozie launcher's). With none of these a run is
 * refused in one line, instead of failing later deep inside an RPC with "Client cannot authenticate".
 */
public final class ClientLogin {
  private ClientLogin() {}

  /**
   * Logs in; an {@link IllegalArgumentException} (one line, exit 1) when there is no way to. Returns a note
   * for the console, or null.
   */
  public static String login(Configuration conf, ResolvedParams params) throws IOException {
    String principal = params.get(SecurityParams.PRINCIPAL);
    String keytab = params.get(SecurityParams.KEYTAB);
    if ((principal == null) != (keytab == null)) {
      throw new ParamException("--principal and --keytab go together (without both, the ticket cache of kinit is used)");
    }
    boolean kerberos = SecurityUtil.getAuthenticationMethod(conf) == AuthenticationMethod.KERBEROS;
    // -conf or -D may say what the classpath's core-site.xml did not; UGI read only the latter.
    if (kerberos != UserGroupInformation.isSecurityEnabled()) UserGroupInformation.setConfiguration(conf);
    if (!kerberos) {
      return principal == null ? null : "--principal and --keytab are not used: this cluster does not use Kerberos "
          + "(hadoop.security.authentication=" + conf.get("hadoop.security.authentication", "simple") + ")";
    }
    if (principal != null) {
      if (!new File(keytab).canRead()) throw new IllegalArgumentException("--keytab " + keytab + ": no readable file there");
      try {
        UserGroupInformation.loginUserFromKeytab(principal, keytab);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot log in as " + principal + " with the keytab " + keytab + ": "
            + rootCause(e));
      }
      return null;
    }
    UserGroupInformation user = UserGroupInformation.getLoginUser();
    if (user.hasKerberosCredentials() || !user.getCredentials().getAllTokens().isEmpty()) return null;
    throw new IllegalArgumentException("this cluster uses Kerberos (hadoop.security.authentication=kerberos) and "
        + user.getShortUserName() + " has no Kerberos ticket: run kinit, or pass --principal and --keytab");
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.split("\n")[0];
  }
}
