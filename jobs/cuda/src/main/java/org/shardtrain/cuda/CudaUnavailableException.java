package org.shardtrain.cuda;

/** No usable CUDA device: no driver, no device, no PTX in this build, or a module that does not load. */
public final class CudaUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public CudaUnavailableException(String reason) { super(reason); }
}
