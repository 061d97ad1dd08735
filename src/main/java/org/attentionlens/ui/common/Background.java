package org.attentionlens.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker threads behind every long task (load, forward pass, rasterising, export): never the FX thread. */
public final class Background {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attention-lens-worker-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Background() {
    }

    public static ExecutorService executor() {
        return POOL;
    }
}
