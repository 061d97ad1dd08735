package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A cancellable capture stops at the next block once asked, and is the same capture when never asked. */
class CancelledCaptureTest {
    private static final ModelSpec C = ModelSpec.gpt2("t", 4, 2, 16, 32, 50, 16, 1e-5f);

    private static Tokens tokens() {
        int[] ids = {1, 7, 3, 9, 4};
        return new Tokens(ids, new int[5], new int[5], new String[]{"a", "b", "c", "d", "e"});
    }

    @Test
    void stopsAfterTheBlockWhereItWasCancelled() {
        Transformer t = RandomWeights.create(C, 5, Kernels.scalar());
        AtomicInteger checks = new AtomicInteger();
        CancellationException e = assertThrows(CancellationException.class,
                () -> AttentionTrace.capture(t, tokens(), () -> checks.incrementAndGet() >= 2));
        assertEquals(2, checks.get(), "checked once per block, stopped at the second of 4");
        assertEquals("pass cancelled after block 1", e.getMessage());
    }

    @Test
    void neverCancelledGivesTheSameTrace() {
        Transformer t = RandomWeights.create(C, 5, Kernels.scalar());
        AttentionTrace a = AttentionTrace.capture(t, tokens()), b = AttentionTrace.capture(t, tokens(), () -> false);
        assertArrayEquals(a.hidden(), b.hidden());
        assertArrayEquals(a.head(3, 1).weights(), b.head(3, 1).weights());
    }
}
