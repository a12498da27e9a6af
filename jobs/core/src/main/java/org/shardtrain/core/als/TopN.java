package org.shardtrain.core.als;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** The N best (item, score) pairs seen; ties go to the smaller item ID, so results do not depend on order. */
public final class TopN {
  private record Entry(String item, double score) {}

  private final int n;
  private final PriorityQueue<Entry> heap; // worst first

  public TopN(int n) {
    this.n = n;
    this.heap = new PriorityQueue<>(Math.max(1, n), (a, b) -> better(a, b) ? 1 : better(b, a) ? -1 : 0);
  }

  private static boolean better(Entry a, Entry b) {
    return a.score != b.score ? a.score > b.score : a.item.compareTo(b.item) < 0;
  }

  public void offer(String item, double score) {
    Entry e = new Entry(item, score);
    if (heap.size() < n) heap.add(e);
    else if (n > 0 && better(e, heap.peek())) {
      heap.poll();
      heap.add(e);
    }
  }

  /** Best first. */
  public List<String> items() {
    List<Entry> sorted = sorted();
    List<String> out = new ArrayList<>(sorted.size());
    for (Entry e : sorted) out.add(e.item);
    return out;
  }

  public double[] scores() {
    List<Entry> sorted = sorted();
    double[] out = new double[sorted.size()];
    for (int i = 0; i < out.length; i++) out[i] = sorted.get(i).score;
    return out;
  }

  private List<Entry> sorted() {
    List<Entry> all = new ArrayList<>(heap);
    all.sort((a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0);
    return all;
  }
}
