package org.shardtrain.core.param;

import java.util.List;

/**
 * How the submitting side logs in to a Kerberos-secured cluster; every program takes them. Without them the
 * client uses the ticket cache ({@code kinit}), or the delegation tokens it was started with (an Oozie
 * action). They are the submitter's alone: neither is staged for the ApplicationMaster, and the keytab is
 * never copied anywhere.
 */
public final class SecurityParams {
  private SecurityParams() {}

  public static final Param<String> PRINCIPAL = Param.stringParam("principal", "shardtrain.security.principal")
      .optional().describe("Kerberos principal to log in as from --keytab (secure clusters; default: the ticket "
          + "cache of kinit)").build();
  public static final Param<String> KEYTAB = Param.stringParam("keytab", "shardtrain.security.keytab")
      .optional().describe("local keytab file holding --principal's key").build();

  public static final List<Param<?>> ALL = List.of(PRINCIPAL, KEYTAB);
}
