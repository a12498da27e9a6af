package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.LinearTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * Every kind of Avro file shardtrain writes — imported points, examples and ratings, the three models and ALS's
 * factor files, checkpoints of each algorithm, recommendations — read by a reader that is not ours: Debian's
 * python3-avro (with python3-snappy for snappy blocks; .ci/run installs both). It must read every record with
 * the schema the file carries, and that schema must describe every field (a {@code doc}). Skipped, with the
 * reason, where the Debian packages are not installed.
 */
class OtherReadersTest {
  @TempDir static Path tmp;

  /** Debian's interpreter (not a pyenv or venv one, which would not see the Debian packages). */
  static final String PYTHON = "/usr/bin/python3";

  /** For each file: records read, the codec, the top-level schema's name and every field without a doc. */
  static final String READER = String.join("\n",
      "import json, sys",
      "from avro.datafile import DataFileReader",
      "from avro.io import DatumReader",
      "def undocumented(s, seen, out):",
      "    if isinstance(s, list):",
      "        for b in s: undocumented(b, seen, out)",
      "    elif isinstance(s, dict):",
      "        t = s.get('type')",
      "        if t == 'record' and s['name'] not in seen:",
      "            seen.add(s['name'])",
      "            for f in s['fields']:",
      "                if not f.get('doc'): out.append(s['name'] + '.' + f['name'])",
      "                undocumented(f['type'], seen, out)",
      "        elif t == 'array': undocumented(s['items'], seen, out)",
      "        elif t == 'map': undocumented(s['values'], seen, out)",
      "for path in sys.argv[1:]:",
      "    with open(path, 'rb') as f:",
      "        r = DataFileReader(f, DatumReader())",
      "        n = sum(1 for _ in r)",
      "        schema = json.loads(r.get_meta('avro.schema').decode('utf-8'))",
      "        codec = (r.get_meta('avro.codec') or b'null').decode('utf-8')",
      "        out = []",
      "        undocumented(schema, set(), out)",
      "        print('\\t'.join([path, str(n), codec, schema['name'], ','.join(out)]))",
      "");

  @Test
  void debiansPythonAvroReadsEveryKindOfFileWeWrite() throws Exception {
    Assumptions.assumeTrue(python(), "Debian's python3-avro and python3-snappy are not installed "
        + "(apt-get install python3-avro python3-snappy): the files are not checked with another reader");
    Configuration conf = LocalRun.conf(tmp);
    run(conf, new ImportTool(), "--type", "points", "--format", "csv", "--input",
        Datasets.shipped("iris/points.csv").toString(), "--output", tmp.resolve("points").toString());
    run(conf, new ImportTool(), "--type", "labeled", "--format", "libsvm", "--input",
        Datasets.shipped("breast-cancer/data.libsvm").toString(), "--output", tmp.resolve("examples").toString());
    run(conf, new ImportTool(), "--type", "ratings", "--format", "tsv", "--input",
        Datasets.shipped("spark-ratings/ratings.tsv").toString(), "--output", tmp.resolve("ratings").toString());
    run(conf, new KMeansTool(), "--input", tmp.resolve("points").toString(), "--format", "avro", "--k", "3",
        "--max-iter", "2", "--checkpoint-every", "1", "--output", tmp.resolve("kmeans").toString());
    run(conf, new SgdTool(), "--input", tmp.resolve("examples").toString(), "--format", "avro", "--loss", "logistic",
        "--epochs", "2", "--checkpoint-every", "1", "--output", tmp.resolve("sgd").toString());
    // A multinomial model (formatVersion 2: classes, intercepts, K rows) and its L-BFGS checkpoints.
    List<String> iris = new ArrayList<>();
    double[][] x = Datasets.readCsv(Datasets.shipped("iris/points.csv"));
    List<String> labels = Files.readAllLines(Datasets.shipped("iris/labels.txt"));
    for (int i = 0; i < x.length; i++) {
      StringBuilder line = new StringBuilder(labels.get(i).trim());
      for (int j = 0; j < x[i].length; j++) line.append(' ').append(j + 1).append(':').append(x[i][j]);
      iris.add(line.toString());
    }
    Path irisFile = Files.write(tmp.resolve("iris.libsvm"), iris);
    run(conf, new LinearTool(), "--input", irisFile.toString(), "--format", "libsvm", "--loss", "multinomial",
        "--reg", "l2", "--lambda", "0.1", "--epochs", "3", "--output", tmp.resolve("multinomial").toString());
    run(conf, new AlsTool(), "--input", tmp.resolve("ratings").toString(), "--format", "avro", "--rank", "3",
        "--max-iter", "2", "--checkpoint-every", "1", "--output", tmp.resolve("als").toString());
    run(conf, new RecommendTool(), "--model", tmp.resolve("als/model").toString(), "--all", "--top", "3",
        "--output", tmp.resolve("recommendations").toString());

    List<Path> files;
    try (Stream<Path> all = Files.walk(tmp)) {
      files = all.filter(p -> p.getFileName().toString().endsWith(".avro") && !p.toString().contains("/.")).sorted().toList();
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", READER));
    files.forEach(f -> cmd.add(f.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);

    Map<String, String[]> byFile = new TreeMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) byFile.put(line.split("\t", -1)[0], line.split("\t", -1));
    }
    assertEquals(files.size(), byFile.size(), out);
    Set<String> kinds = new TreeSet<>();
    Set<String> codecs = new TreeSet<>();
    for (Path f : files) {
      String[] r = byFile.get(f.toString());
      assertEquals(Long.toString(javaCount(f)), r[1], "records of " + f + " as python3-avro reads them");
      assertEquals("", r[4], "fields without a doc in " + f);
      codecs.add(r[2]);
      kinds.add(r[3]);
    }
    assertTrue(kinds.containsAll(Set.of("Point", "LabeledExample", "Rating", "KMeansModel", "LinearModel", "AlsModel",
        "Factor", "Checkpoint", "Recommendation")), kinds.toString());
    assertTrue(byFile.keySet().stream().anyMatch(f -> f.contains("/multinomial/model/")), "the multinomial model read");
    System.out.println("python3-avro read " + files.size() + " files: " + kinds + ", codecs " + codecs);
  }

  /** metrics.json, of a training run and of an evaluation, says which layout it is in (no other reader needed). */
  @Test
  void metricsFilesCarryTheirFormatVersion() throws Exception {
    Configuration conf = LocalRun.conf(tmp.resolve("metrics"));
    Path run = tmp.resolve("metrics/kmeans");
    run(conf, new KMeansTool(), "--input", Datasets.shipped("iris/points.csv").toString(), "--format", "csv", "--k", "3",
        "--max-iter", "2", "--output", run.toString());
    run(conf, new EvaluateTool(), "--model", run.toString(), "--input", Datasets.shipped("iris/points.csv").toString(),
        "--format", "csv", "--output", tmp.resolve("metrics/evaluation").toString());
    for (Path dir : List.of(run, tmp.resolve("metrics/evaluation"))) {
      com.fasterxml.jackson.databind.JsonNode m = LocalRun.metrics(dir);
      assertEquals(1, m.get("format_version").asInt(), dir + ": " + m);
      assertEquals("format_version", m.fieldNames().next(), "first, so a reader sees it before anything else");
    }
  }

  static void run(Configuration conf, ProgramTool tool, String... args) throws Exception {
    LocalRun.Result r = LocalRun.run(conf, tool, args);
    assertEquals(0, r.exit(), r.err());
  }

  static long javaCount(Path f) throws Exception {
    long n = 0;
    try (DataFileReader<GenericRecord> r = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
      for (GenericRecord ignored : r) n++;
    }
    return n;
  }

  static boolean python() {
    if (!new File(PYTHON).canExecute()) return false;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import avro.datafile, snappy").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
