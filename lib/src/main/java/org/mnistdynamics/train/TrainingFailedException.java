package org.mnistdynamics.train;

/** A run that cannot continue (e.g. a non-finite loss). Its record is marked failed; earlier checkpoints stay intact. */
public class TrainingFailedException extends RuntimeException {
    /** @param message what happened, where (run, epoch, mini-batch) and with which setting */
    public TrainingFailedException(String message) {
        super(message);
    }
}
