package org.shardtrain.core.loop;

import java.util.Map;

/** The outcome of one iteration: the next model, what the iteration measured, and whether it converged. */
public record StepResult<M>(M model, Map<String, Double> metrics, boolean converged) {}
