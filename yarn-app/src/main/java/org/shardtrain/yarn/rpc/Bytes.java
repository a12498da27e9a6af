package org.shardtrain.yarn.rpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Command arguments and results: a few primitives and primitive arrays, written in order, read in order. */
public final class Bytes {
  private Bytes() {}

  public static Out out() { return new Out(); }

  public static In in(byte[] bytes) { return new In(bytes); }

  public static final class Out {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream data = new DataOutputStream(buffer);

    public Out i(int v) { try { data.writeInt(v); } catch (IOException e) { throw new UncheckedIOException(e); } return this; }
    public Out l(long v) { try { data.writeLong(v); } catch (IOException e) { throw new UncheckedIOException(e); } return this; }
    public Out d(double v) { try { data.writeDouble(v); } catch (IOException e) { throw new UncheckedIOException(e); } return this; }
    public Out s(String v) { try { data.writeUTF(v); } catch (IOException e) { throw new UncheckedIOException(e); } return this; }

    /** A nullable array of doubles. */
    public Out doubles(double[] v) { return doubles(v, v == null ? -1 : v.length); }

    public Out doubles(double[] v, int n) {
      try {
        data.writeInt(v == null ? -1 : n);
        for (int i = 0; i < n; i++) data.writeDouble(v[i]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    public Out bytes(byte[] v) {
      try {
        data.writeInt(v.length);
        data.write(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    public byte[] toBytes() { return buffer.toByteArray(); }
  }

  public static final class In {
    private final DataInputStream data;

    In(byte[] bytes) { this.data = new DataInputStream(new ByteArrayInputStream(bytes)); }

    public int i() { try { return data.readInt(); } catch (IOException e) { throw new UncheckedIOException(e); } }
    public long l() { try { return data.readLong(); } catch (IOException e) { throw new UncheckedIOException(e); } }
    public double d() { try { return data.readDouble(); } catch (IOException e) { throw new UncheckedIOException(e); } }
    public String s() { try { return data.readUTF(); } catch (IOException e) { throw new UncheckedIOException(e); } }

    public double[] doubles() {
      int n = i();
      if (n < 0) return null;
      double[] v = new double[n];
      for (int k = 0; k < n; k++) v[k] = d();
      return v;
    }

    public byte[] bytes() {
      byte[] v = new byte[i()];
      try { data.readFully(v); } catch (IOException e) { throw new UncheckedIOException(e); }
      return v;
    }

    public boolean more() {
      try { return data.available() > 0; } catch (IOException e) { throw new UncheckedIOException(e); }
    }
  }
}
