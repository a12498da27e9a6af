package org.shardtrain.formats;

import java.io.IOException;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.formats.avro.Rating;

/** {@link Rating}s from one split of an Avro file, checked: non-empty IDs, a finite rating. */
public final class AvroRatingSource implements RatingSource {
  private final AvroSplit<Rating> split;
  private Rating current;
  private String error;

  public AvroRatingSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.split = new AvroSplit<>(conf, path, start, length, new SpecificDatumReader<Rating>(Rating.class) {
      @Override
      public void setSchema(org.apache.avro.Schema writer) {
        if (!writer.getFullName().equals(Rating.getClassSchema().getFullName())) {
          throw new IllegalArgumentException("Avro schema " + writer.getFullName()
              + " is not a Rating (user: string, item: string, rating: double)");
        }
        super.setSchema(writer);
      }
    });
  }

  @Override
  public boolean next() throws IOException {
    Rating r = split.next(current);
    if (r == null) return false;
    current = r;
    error = r.getUser().isEmpty() ? "user id is empty"
        : r.getItem().isEmpty() ? "item id is empty"
        : !Double.isFinite(r.getRating()) ? "rating is not finite" : null;
    return true;
  }

  @Override public String user() { return current.getUser(); }
  @Override public String item() { return current.getItem(); }
  @Override public double rating() { return current.getRating(); }
  @Override public String error() { return error; }
  @Override public String raw() { return current.getUser() + "\t" + current.getItem() + "\t" + current.getRating(); }
  @Override public String position() { return split.position(); }
  @Override public String file() { return split.file(); }
  @Override public float progress() throws IOException { return split.progress(); }
  @Override public void close() throws IOException { split.close(); }
}
