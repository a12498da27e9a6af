package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.DefaultsFile;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * conf/shardtrain-default.xml against the declarations, and the documented precedence of the places a
 * parameter can be set: defaults &lt; shardtrain-site.xml &lt; -conf (and Oozie's action configuration) &lt; -D &lt; flags.
 */
class ConfigurationTest {
  @TempDir Path tmp;

  @Test
  void theShippedDefaultsFileListsEveryParameterAsDeclared() throws Exception {
    Configuration shipped = new Configuration(false);
    shipped.addResource(new org.apache.hadoop.fs.Path(Datasets.projectFile("conf/shardtrain-default.xml").toUri()));
    Map<String, String> fileValues = new LinkedHashMap<>();
    shipped.forEach(e -> fileValues.put(e.getKey(), e.getValue()));
    // Hadoop's Configuration drops empty values; the file keeps them, so read descriptions from the XML too.
    String xml = Files.readString(Datasets.projectFile("conf/shardtrain-default.xml"));

    List<String> problems = new ArrayList<>();
    TreeSet<String> declared = new TreeSet<>();
    for (DefaultsFile.Entry e : DefaultsFile.entries()) {
      declared.add(e.key());
      String block = "<name>" + e.key() + "</name>";
      int at = xml.indexOf(block);
      if (at < 0) {
        problems.add("missing from the file: " + e.key());
        continue;
      }
      String expected = "    <name>" + e.key() + "</name>\n    <value>" + escape(e.value()) + "</value>\n    <description>"
          + escape(e.description()) + "</description>";
      if (!xml.contains(expected)) problems.add("differs from the code: " + e.key() + " (code: value '" + e.value() + "', '" + e.description() + "')");
    }
    for (String key : fileValues.keySet()) if (!declared.contains(key)) problems.add("in the file, not in the code: " + key);
    for (String line : xml.split("\n")) {
      if (line.contains("<name>")) {
        String key = line.replaceAll(".*<name>(.*)</name>.*", "$1");
        if (!declared.contains(key)) problems.add("in the file, not in the code: " + key);
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems)
        + "\nregenerate with: scripts/shardtrain print-defaults > conf/shardtrain-default.xml");
    assertEquals(DefaultsFile.render(), xml, "regenerate with: scripts/shardtrain print-defaults > conf/shardtrain-default.xml");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String property(String key, String value) {
    return "<property><name>" + key + "</name><value>" + value + "</value></property>";
  }

  @Test
  void siteFileThenConfThenDashDThenFlagsEachOverrideTheOneBefore() throws Exception {
    // shardtrain-site.xml on the classpath, as HADOOP_CONF_DIR is for `hadoop jar`.
    Path siteDir = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(siteDir.resolve("shardtrain-site.xml"), "<configuration>"
        + property("shardtrain.kmeans.k", "4") + property("shardtrain.kmeans.seed", "11")
        + property("shardtrain.kmeans.max-iter", "7") + property("shardtrain.kmeans.tol", "0.5") + "</configuration>");
    Path confFile = tmp.resolve("job.xml");
    Files.writeString(confFile, "<configuration>" + property("shardtrain.kmeans.seed", "12")
        + property("shardtrain.kmeans.max-iter", "8") + property("shardtrain.kmeans.tol", "0.4") + "</configuration>");

    Configuration conf = LocalRun.conf(tmp);
    conf.setClassLoader(new URLClassLoader(new URL[] {siteDir.toUri().toURL()}, getClass().getClassLoader()));
    conf.reloadConfiguration();
    Path out = tmp.resolve("out");
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "-conf", confFile.toString(),
        "-D", "shardtrain.kmeans.max-iter=9", "-D", "shardtrain.kmeans.tol=0.3", "--tol", "0.25",
        "--input", Datasets.shipped("iris/points.csv").toString(), "--format", "csv", "--output", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode params = LocalRun.metrics(out).get("params");
    assertEquals("4", params.get("shardtrain.kmeans.k").asText(), "from the site file");
    assertEquals("12", params.get("shardtrain.kmeans.seed").asText(), "-conf over the site file");
    assertEquals("9", params.get("shardtrain.kmeans.max-iter").asText(), "-D over -conf");
    assertEquals("0.25", params.get("shardtrain.kmeans.tol").asText(), "the flag over -D");
    assertEquals("parallel", params.get("shardtrain.kmeans.init").asText(), "the built-in default");
  }
}
