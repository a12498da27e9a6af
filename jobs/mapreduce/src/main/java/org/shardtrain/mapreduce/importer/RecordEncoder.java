package org.shardtrain.mapreduce.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.shardtrain.core.io.DenseTextParser;
import org.shardtrain.core.io.LibsvmParser;
import org.shardtrain.core.io.RatingParser;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.io.RecordParseException;
import org.shardtrain.core.param.ProgramParams.RecordType;
import org.shardtrain.formats.avro.LabeledExample;
import org.shardtrain.formats.avro.Point;
import org.shardtrain.formats.avro.Rating;

/** Parses one text line of a record type and encodes it as Avro binary, ready to append to a shard. */
public abstract class RecordEncoder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;

  public abstract Schema schema();

  /** Parses the line; returns its Avro encoding, valid until the next call. */
  public final byte[] encode(String line) throws RecordParseException, IOException {
    SpecificRecord record = parse(line);
    bytes.reset();
    encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
    new SpecificDatumWriter<SpecificRecord>(schema()).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  protected abstract SpecificRecord parse(String line) throws RecordParseException;

  public static RecordEncoder of(RecordType type, RecordFormat format) {
    return switch (type) {
      case POINTS -> {
        if (format == RecordFormat.LIBSVM) throw new IllegalArgumentException("points are read from csv or tsv, not libsvm");
        yield new Points(format);
      }
      case RATINGS -> {
        if (format == RecordFormat.LIBSVM) throw new IllegalArgumentException("ratings are read from tsv or csv, not libsvm");
        yield new Ratings(format);
      }
      case LABELED -> {
        if (format != RecordFormat.LIBSVM) throw new IllegalArgumentException("labeled examples are read from libsvm");
        yield new Labeled();
      }
    };
  }

  private static final class Points extends RecordEncoder {
    private final DenseTextParser parser;
    private int dimension = -1;

    Points(RecordFormat format) { parser = new DenseTextParser(format); }

    @Override public Schema schema() { return Point.getClassSchema(); }

    @Override
    protected SpecificRecord parse(String line) throws RecordParseException {
      int n = parser.parse(line);
      // Within one file every point must have the first point's dimension; across files the trainer checks.
      if (dimension < 0) dimension = n;
      else if (n != dimension) throw new RecordParseException("expected " + dimension + " values, found " + n);
      List<Double> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) values.add(parser.values()[i]);
      return new Point(values);
    }
  }

  private static final class Ratings extends RecordEncoder {
    private final RatingParser parser;

    Ratings(RecordFormat format) { parser = new RatingParser(format); }

    @Override public Schema schema() { return Rating.getClassSchema(); }

    @Override
    protected SpecificRecord parse(String line) throws RecordParseException {
      parser.parse(line);
      return new Rating(parser.user(), parser.item(), parser.rating());
    }
  }

  private static final class Labeled extends RecordEncoder {
    private final LibsvmParser parser = new LibsvmParser();

    @Override public Schema schema() { return LabeledExample.getClassSchema(); }

    @Override
    protected SpecificRecord parse(String line) throws RecordParseException {
      int n = parser.parse(line);
      List<Integer> idx = new ArrayList<>(n);
      List<Double> val = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        idx.add(parser.indices()[i]);
        val.add(parser.values()[i]);
      }
      return new LabeledExample(parser.label(), idx, val);
    }
  }
}
