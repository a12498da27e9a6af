package org.shardtrain.host.engine;

import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansPasses;
import org.shardtrain.core.kmeans.KMeansStats;

/** k-means passes, plus what the kmeans program needs after training. */
public interface KMeansEngine extends KMeansPasses {
  /** A Lloyd pass over a finished model that also counts bad records (the final wssse). */
  KMeansStats evaluate(KMeansModel model) throws Exception;

  /** Whether this run read the input with the bad-record policy (false when a resume skipped the scan). */
  boolean scanned();

  /** Bad records counted and set aside (with --on-bad-record skip), when {@link #scanned()}. */
  long badRecords();
}
