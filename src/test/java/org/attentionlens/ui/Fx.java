package org.attentionlens.ui;

import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Runs code on the FX thread from tests and waits for background work to land. */
public final class Fx {
    private Fx() {
    }

    /** Starts the FX toolkit (headless Monocle under surefire) once per JVM. */
    public static void start() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    public static <T> T call(Callable<T> c) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, c);
    }

    public static void run(Runnable r) {
        WaitForAsyncUtils.waitForAsyncFx(10_000, r);
    }

    /** Polls on the FX thread until the condition holds (after pending FX events ran). */
    public static void await(BooleanSupplier condition, String what) throws TimeoutException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            WaitForAsyncUtils.waitForFxEvents();
            if (call(condition::getAsBoolean)) return;
            sleep(20);
        }
        throw new TimeoutException("timed out waiting for " + what);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
