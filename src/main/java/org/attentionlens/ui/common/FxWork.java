package org.attentionlens.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Work off the FX thread whose result (or failure) is delivered back on the FX thread. */
public final class FxWork {
    private FxWork() {
    }

    /** Runs work on the executor; the returned future completes on the FX thread. */
    public static <T> CompletableFuture<T> supply(Executor executor, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                T value = work.call();
                Platform.runLater(() -> result.complete(value));
            } catch (Throwable t) {
                Platform.runLater(() -> result.completeExceptionally(t));
            }
        });
        return result;
    }

    /** The readable message of a failure, unwrapping CompletionException. */
    public static String message(Throwable x) {
        Throwable cause = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
