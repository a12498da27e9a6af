package org.shardtrain.yarn.am;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.shardtrain.core.param.Param;

/**
 * The application's staging directory on the cluster filesystem: the resolved job configuration, the job
 * jar (unpacked by YARN into the container's working directory), and, at the end, the AM's result for the
 * client. The AM and its workers localise the same files.
 */
public final class Staging {
  public static final String JOB_CONF = "shardtrain-job.xml";
  public static final String JOB_JAR = "shardtrain.jar";
  public static final String RESULT = "result.properties";
  public static final String CONSOLE = "console.txt";
  public static final String LOG = "log.txt";
  /** The containers' CLASSPATH, as the client wrote it for the AM (the workers get the same). */
  public static final Param<String> CLASSPATH = Param.stringParam("internal-container-classpath",
      "shardtrain.internal.container-classpath").required().describe("the containers' CLASSPATH").build();
  /** Environment variable that tells the AM where its staging directory is. */
  public static final String ENV = "SHARDTRAIN_STAGING";

  private Staging() {}

  /** What every container of the application localises: the configuration file, and the jar as an archive. */
  public static Map<String, LocalResource> localResources(Configuration conf, Path staging) throws IOException {
    FileSystem fs = staging.getFileSystem(conf);
    Map<String, LocalResource> out = new HashMap<>();
    for (String name : new String[] {JOB_CONF, JOB_JAR}) {
      Path p = new Path(staging, name);
      if (!fs.exists(p)) continue;
      FileStatus st = fs.getFileStatus(p);
      LocalResourceType type = name.equals(JOB_JAR) ? LocalResourceType.ARCHIVE : LocalResourceType.FILE;
      out.put(name, LocalResource.newInstance(URL.fromPath(fs.makeQualified(p)), type,
          LocalResourceVisibility.APPLICATION, st.getLen(), st.getModificationTime()));
    }
    return out;
  }

  /** The container classpath: the unpacked job jar (our classes, then its lib/), then what the cluster provides. */
  public static String classpath(String clusterClasspath) {
    String sep = org.apache.hadoop.yarn.api.ApplicationConstants.CLASS_PATH_SEPARATOR;
    String pwd = org.apache.hadoop.yarn.api.ApplicationConstants.Environment.PWD.$$();
    return pwd + sep + pwd + "/" + JOB_JAR + sep + pwd + "/" + JOB_JAR + "/lib/*" + sep + pwd + "/*"
        + (clusterClasspath.isEmpty() ? "" : sep + clusterClasspath);
  }
}
