package org.shardtrain.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.shardtrain.formats.avro.AlsModel;
import org.shardtrain.formats.avro.Checkpoint;
import org.shardtrain.formats.avro.Factor;
import org.shardtrain.formats.avro.KMeansModel;
import org.shardtrain.formats.avro.LabeledExample;
import org.shardtrain.formats.avro.LinearModel;
import org.shardtrain.formats.avro.Point;
import org.shardtrain.formats.avro.Rating;
import org.shardtrain.formats.avro.Recommendation;

/**
 * Every Avro file carries its writer's schema, and other tools (avro-tools getschema, python3-avro, Spark) show
 * it to people who never saw our code: every record and every field of every schema has a {@code doc}.
 */
class SchemasDescribeThemselvesTest {
  /** The top-level records of the files we write; the other schemas are reached from them. */
  static final List<Schema> WRITTEN = List.of(Point.SCHEMA$, LabeledExample.SCHEMA$, Rating.SCHEMA$, KMeansModel.SCHEMA$,
      LinearModel.SCHEMA$, AlsModel.SCHEMA$, Factor.SCHEMA$, Checkpoint.SCHEMA$, Recommendation.SCHEMA$);

  @Test
  void everyRecordAndFieldHasADoc() {
    Set<String> seen = new TreeSet<>();
    List<String> undocumented = new ArrayList<>();
    for (Schema s : WRITTEN) walk(s, seen, undocumented, new HashSet<>());
    assertEquals(List.of(), undocumented);
    // Every schema file of the module is reached (a new .avsc is covered once a written record uses it).
    String[] files = new File("src/main/avro").list((d, n) -> n.endsWith(".avsc"));
    Set<String> declared = new TreeSet<>();
    for (String f : files) declared.add(f.substring(0, f.length() - ".avsc".length()));
    seen.retainAll(declared);
    assertEquals(declared, seen, "schema files not reached from a written record");
  }

  private static void walk(Schema s, Set<String> seen, List<String> undocumented, Set<String> visiting) {
    switch (s.getType()) {
      case RECORD -> {
        if (!visiting.add(s.getFullName())) return;
        seen.add(s.getName());
        if (s.getDoc() == null || s.getDoc().isBlank()) undocumented.add(s.getName());
        for (Schema.Field f : s.getFields()) {
          if (f.doc() == null || f.doc().isBlank()) undocumented.add(s.getName() + "." + f.name());
          walk(f.schema(), seen, undocumented, visiting);
        }
      }
      case ARRAY -> walk(s.getElementType(), seen, undocumented, visiting);
      case MAP -> walk(s.getValueType(), seen, undocumented, visiting);
      case UNION -> s.getTypes().forEach(t -> walk(t, seen, undocumented, visiting));
      default -> { }
    }
  }
}
