package org.shardtrain.host.engine;

import org.shardtrain.core.als.AlsFactors;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses;
import org.shardtrain.core.als.RatingErrors;

/**
 * ALS passes, plus preparation and evaluation. Factors live in factor folders (SequenceFiles of
 * {@code Text} ID → {@code AlsValue}) named by {@link AlsFactors}, whichever engine wrote them.
 */
public interface AlsEngine extends AlsPasses {
  /** Totals of the prepared training ratings. */
  record Prepared(long trainRatings, double trainMean, long records, long badRecords) {}

  /** Reads the ratings once (bad records named or set aside) and splits off the test ratings. */
  Prepared prepare(String inputs, String testInputs) throws Exception;

  boolean hasTestRatings() throws Exception;

  RatingErrors evaluate(AlsFactors factors, double trainMean, AlsParams.ColdStart coldStart) throws Exception;
}
