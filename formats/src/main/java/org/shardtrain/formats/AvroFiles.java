package org.shardtrain.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small Avro container files (models, checkpoints) on any Hadoop filesystem, written atomically. */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * Writes {@code record} to {@code target}: first to a hidden temporary file beside it, then renamed into
   * place, so that a reader never sees a half-written file (rename is atomic on HDFS).
   */
  public static <T extends SpecificRecord> void writeAtomically(Configuration conf, Path target, T record)
      throws IOException {
    write(conf, target, record, false);
  }

  /** Header key of the SHA-256 (hex) of the single record's binary encoding. */
  public static final String SHA256_META = "shardtrain.sha256";

  /**
   * As {@link #writeAtomically}, and the file's header carries the SHA-256 of the record's bytes, so that
   * {@link #readVerified} detects a file that still parses but is not what was written.
   */
  public static <T extends SpecificRecord> void writeChecksummed(Configuration conf, Path target, T record)
      throws IOException {
    write(conf, target, record, true);
  }

  private static <T extends SpecificRecord> void write(Configuration conf, Path target, T record, boolean checksum)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path tmp = new Path(target.getParent(), "_tmp." + target.getName() + "." + System.nanoTime());
    Schema schema = record.getSchema();
    try (OutputStream out = fs.create(tmp, false);
         DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<T>(schema))) {
      writer.setCodec(CodecFactory.deflateCodec(6));
      if (checksum) {
        byte[] bytes = encode(record);
        writer.setMeta(SHA256_META, sha256(bytes));
        writer.create(schema, out);
        writer.appendEncoded(ByteBuffer.wrap(bytes));
      } else {
        writer.create(schema, out);
        writer.append(record);
      }
    }
    if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** Reads the single record of a small Avro file. */
  public static <T extends SpecificRecord> T readSingle(Configuration conf, Path path, Class<T> type)
      throws IOException {
    try (DataFileReader<T> reader = new DataFileReader<>(new HadoopSeekableInput(path, conf),
        new SpecificDatumReader<>(type))) {
      if (!reader.hasNext()) throw new org.shardtrain.core.io.BadInputFileException(path + " holds no record");
      return reader.next();
    } catch (IOException | org.apache.avro.AvroRuntimeException e) {
      if (!isUnreadableFile(e)) throw e;
      // A truncated, empty or foreign file can never be read, however often the run is retried: the user's
      // input (a model, a factor file), so it is named here and not left to surface as a bare EOFException.
      throw new org.shardtrain.core.io.BadInputFileException(path + ": " + unreadableReason(path, conf, e), e);
    }
  }

  /**
   * Whether {@code e} says the file itself is not a readable Avro container file (empty, truncated, another
   * format, corrupt) rather than that reading it failed (a lost DataNode): the first is the user's input.
   */
  public static boolean isUnreadableFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException || t instanceof org.apache.avro.InvalidAvroMagicException
          || t instanceof org.apache.avro.AvroRuntimeException
          || (t instanceof IOException && "Not an Avro data file.".equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code path} could not be read as an Avro container file, in words (an empty file says so). */
  public static String unreadableReason(Path path, Configuration conf, Exception e) {
    try {
      if (path.getFileSystem(conf).getFileStatus(path).getLen() == 0) return "empty file (0 bytes), not an Avro file";
    } catch (IOException ignored) {
      // fall through to the reader's own reason
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException) return "truncated Avro file (it ends before its data does)";
      if (t instanceof org.apache.avro.InvalidAvroMagicException || "Not an Avro data file.".equals(t.getMessage())) {
        return "not an Avro file (no Avro header)";
      }
    }
    return "corrupt Avro file (" + AvroSplit.rootMessage(e) + ")";
  }

  /**
   * Reads the single record of a file written by {@link #writeChecksummed}, after checking the record's
   * bytes against the SHA-256 in the header; any mismatch, missing checksum or unreadable file is an
   * IOException that says which.
   */
  public static <T extends SpecificRecord> T readVerified(Configuration conf, Path path, Class<T> type)
      throws IOException {
    try (DataFileReader<T> reader = new DataFileReader<>(new HadoopSeekableInput(path, conf),
        new SpecificDatumReader<>(type))) {
      String expected = reader.getMetaString(SHA256_META);
      if (expected == null) throw new IOException(path + " carries no checksum (" + SHA256_META + ")");
      if (!reader.hasNext()) throw new IOException(path + " holds no record");
      if (reader.getBlockCount() != 1) throw new IOException(path + ": expected one record, found a block of " + reader.getBlockCount());
      ByteBuffer block = reader.nextBlock();
      byte[] bytes = new byte[block.remaining()];
      block.get(bytes);
      String actual = sha256(bytes);
      if (!actual.equals(expected)) {
        throw new IOException(path + " fails its checksum (SHA-256 " + actual.substring(0, 12) + "..., header says "
            + expected.substring(0, Math.min(12, expected.length())) + "...)");
      }
      if (reader.hasNext()) throw new IOException(path + " holds more than one record");
      SpecificDatumReader<T> datum = new SpecificDatumReader<>(type);
      datum.setSchema(reader.getSchema());
      return datum.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (org.apache.avro.AvroRuntimeException e) {
      throw new IOException(path + ": corrupt Avro file (" + AvroSplit.rootMessage(e) + ")", e);
    }
  }

  private static <T extends SpecificRecord> byte[] encode(T record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }
}
