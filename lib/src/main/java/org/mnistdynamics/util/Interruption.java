package org.mnistdynamics.util;

/**
 * Cooperative stopping of long work when its thread is interrupted (a notebook kernel's "interrupt": JJava cancels
 * the cell's future with {@code Future.cancel(true)}, which only sets the thread's interrupt flag; see IJava issue 33
 * and JJava's {@code JJavaExecutionControl}). Training checks once per mini-batch and after every checkpoint, the
 * analyses once per chunk of their work, so that an interrupted cell stops within about a second instead of running
 * on in the background.
 *
 * <p>{@link #check(String)} clears the interrupt flag when it throws: the exception carries the interruption to the
 * caller, and the clean-up on the way out (status files, the run lock) must not be broken by a still-set flag.
 */
public final class Interruption {

    private Interruption() {
    }

    /** Thrown by {@link #check(String)}: the work named in the message was interrupted and has stopped. */
    public static final class InterruptedWorkException extends RuntimeException {
        /** @param message what was interrupted, where, and what state it left */
        public InterruptedWorkException(String message) {
            super(message);
        }
    }

    /** Work that returns a value and may throw. */
    @FunctionalInterface
    public interface Work<T> {
        /** @return the result */
        T call() throws Exception;
    }

    /**
     * Runs a step that cannot check for interruption itself (a library call of a second or more, e.g. 100 t-SNE
     * iterations) on a helper thread and waits for it interruptibly: an interrupt of the calling thread returns at
     * once with {@link InterruptedWorkException}; the step itself finishes in the background and its result is
     * dropped (the caller stops before the next step). Thread-local state the step needs (e.g. Smile's seeded
     * generator) must be set inside {@code work}.
     *
     * @param where what runs, for the message
     * @param work  the step
     * @param <T>   its result type
     * @return its result
     * @throws InterruptedWorkException if the calling thread is interrupted before or while the step runs
     * @throws RuntimeException         the step's own unchecked exception or error, unchanged; a checked one wrapped
     */
    public static <T> T callInterruptibly(String where, Work<T> work) {
        check(where);
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work::call);
        Thread helper = new Thread(task, "mnist-step-" + Thread.currentThread().getName());
        helper.setDaemon(true);
        helper.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            throw new InterruptedWorkException(where + ": interrupted (the step running now ends in the background)");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(where + ": " + cause, cause);
        }
    }

    /**
     * @param where what is running, e.g. "training run adam-1234 (epoch 3, mini-batch 17 of 430)"
     * @throws InterruptedWorkException "&lt;where&gt;: interrupted" if the current thread's interrupt flag is set (the
     *                                  flag is cleared)
     */
    public static void check(String where) {
        if (Thread.interrupted()) {
            throw new InterruptedWorkException(where + ": interrupted");
        }
    }
}
