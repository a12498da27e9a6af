package org.shardtrain.core.sgd;

/**
 * How a linear model is fitted. {@link #SGD}: (mini-)batch gradient or model averaging, one step per pass
 * — cheap per pass, for data too large for many full passes, but it stops short of the optimum unless its
 * step and epochs are tuned. {@link #LBFGS}: limited-memory BFGS on the full-batch objective (OWL-QN when
 * an L1 term is present), each evaluation one pass — reaches the regularised optimum with its defaults, as
 * R's {@code glm} and Spark's {@code LogisticRegression} (L-BFGS by default) do.
 */
public enum Optimizer { SGD, LBFGS }
