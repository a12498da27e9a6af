package org.shardtrain.formats;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.shardtrain.formats.avro.Point;

/**
 * Decodes {@link Point} records straight into a reused {@link DenseVector}. The generic and specific
 * readers box every double into a List&lt;Double&gt;; at millions of points per iteration that allocation
 * dominates the map side, so the k-means tasks read with this instead.
 */
public final class PointDatumReader implements DatumReader<DenseVector> {

  /** Thrown when a file's writer schema is not a Point: the file is of another kind. */
  public static final class SchemaMismatchException extends IOException {
    public SchemaMismatchException(String message) { super(message); }
  }

  @Override
  public void setSchema(Schema writer) {
    if (!isPointSchema(writer)) {
      throw new IllegalArgumentException(new SchemaMismatchException(
          "Avro schema " + writer.getFullName() + " is not a Point (a record whose only field is values: array<double>)"));
    }
  }

  public static boolean isPointSchema(Schema s) {
    if (s.getType() != Schema.Type.RECORD || s.getFields().size() != 1) return false;
    Schema f = s.getFields().get(0).schema();
    return s.getFields().get(0).name().equals("values") && f.getType() == Schema.Type.ARRAY
        && f.getElementType().getType() == Schema.Type.DOUBLE;
  }

  static {
    if (!isPointSchema(Point.getClassSchema())) throw new AssertionError("Point.avsc changed: update PointDatumReader");
  }

  @Override
  public DenseVector read(DenseVector reuse, Decoder in) throws IOException {
    DenseVector v = reuse != null ? reuse : new DenseVector();
    v.clear();
    for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) v.add(in.readDouble());
    }
    return v;
  }
}
