package org.shardtrain.core.loop;

/** Told about each finished iteration, after its checkpoint is written (progress output, tests). */
@FunctionalInterface
public interface IterationListener {
  void iterationDone(IterationRecord record, boolean converged) throws Exception;

  IterationListener NONE = (r, c) -> {};
}
