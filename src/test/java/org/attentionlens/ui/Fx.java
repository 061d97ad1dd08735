package org.attentionlens.ui;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs test code on the FX thread and waits for background work, for view-model tests. */
public final class Fx {
    private Fx() {
    }

    public static void run(Runnable r) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(r));
    }

    public static <T> T get(Callable<T> c) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(c));
    }

    /** Waits (up to 30 s) until the condition, checked on the FX thread, holds. */
    public static void await(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> get(condition::getAsBoolean));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for the FX state", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
