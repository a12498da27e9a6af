package org.shardtrain.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextParsersTest {

  @Test
  void denseCsvAndTsv() throws Exception {
    DenseTextParser csv = new DenseTextParser(RecordFormat.CSV);
    assertEquals(4, csv.parse("5.1, 3.5,1.4 ,-0.2"));
    assertArrayEquals(new double[] {5.1, 3.5, 1.4, -0.2}, Arrays.copyOf(csv.values(), 4));
    DenseTextParser tsv = new DenseTextParser(RecordFormat.TSV);
    assertEquals(20, tsv.parse(String.join("\t", java.util.Collections.nCopies(20, "1e3"))));
    assertEquals(1000.0, tsv.values()[19]);
  }

  @Test
  void denseErrorsNameTheColumn() {
    DenseTextParser csv = new DenseTextParser(RecordFormat.CSV);
    assertEquals("column 2 is not a number: 'abc'", assertThrows(RecordParseException.class, () -> csv.parse("1,abc,3")).getMessage());
    assertEquals("column 3 is empty", assertThrows(RecordParseException.class, () -> csv.parse("1,2,")).getMessage());
    assertEquals("column 1 is not finite: 'NaN'", assertThrows(RecordParseException.class, () -> csv.parse("NaN,2")).getMessage());
    assertEquals("empty line", assertThrows(RecordParseException.class, () -> csv.parse("  ")).getMessage());
  }

  @Test
  void libsvmSparseZeroBasedAndStrict() throws Exception {
    LibsvmParser p = new LibsvmParser();
    assertEquals(3, p.parse("+1 1:0.5 7:2 2147483647:-1"));
    assertEquals(1.0, p.label());
    assertArrayEquals(new int[] {0, 6, 2147483646}, Arrays.copyOf(p.indices(), 3));
    assertArrayEquals(new double[] {0.5, 2, -1}, Arrays.copyOf(p.values(), 3));
    assertEquals("feature 2 index 3 does not increase (previous 7)",
        assertThrows(RecordParseException.class, () -> p.parse("0 7:1 3:1")).getMessage());
    assertEquals("feature 1 index -2 is outside 1..2147483647",
        assertThrows(RecordParseException.class, () -> p.parse("0 -2:1")).getMessage());
  }

  @Test
  void ratingsKeepIdsAsText() throws Exception {
    RatingParser p = new RatingParser(RecordFormat.TSV);
    p.parse("9223372036854775807\titem-x\t4.5\t881250949");
    assertEquals("9223372036854775807", p.user());
    assertEquals("item-x", p.item());
    assertEquals(4.5, p.rating());
    assertEquals("expected user, item, rating [, timestamp]; found 2 fields",
        assertThrows(RecordParseException.class, () -> p.parse("1\t2")).getMessage());
  }
}
