package org.attentionlens.analysis.compare;

import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.PlantedInduction;
import org.attentionlens.io.Progress;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Two checkpoints side by side, and a training timeline of hand-built checkpoints whose heads form at known steps. */
class CheckpointComparisonTest {
    private final ByteTokenizer bytes = new ByteTokenizer(false);

    @Test
    void aCheckpointAgainstItselfMovesNothingAndAnotherMovesEveryHead() {
        ModelSpec c = Recipes.named("llama3");
        Transformer a = RandomWeights.create(c, 1, Kernels.best()), b = RandomWeights.create(c, 2, Kernels.best());
        Tokens text = Tokens.ofIds(new int[]{3, 14, 15, 92, 65, 35, 89, 79, 32, 38}, null);
        CheckpointComparison same = CheckpointComparison.run(a, bytes, a, bytes, text, Progress.NONE);
        for (double[] row : same.patternChange()) for (double x : row) assertEquals(0, x, 0);
        for (double[][] layer : same.weightChange()) for (double[] head : layer) assertArrayEquals(new double[4], head, 0);
        assertEquals(same.a().heads(), same.b().heads());
        CheckpointComparison other = CheckpointComparison.run(a, bytes, b, bytes, text, Progress.NONE);
        for (double[] row : other.patternChange()) for (double x : row) assertTrue(x > 0);
        for (double[][] layer : other.weightChange()) for (double[] head : layer) for (double x : head) assertTrue(x > 0.5, "independent random weights: " + x);
        assertEquals(10, other.traceB().length());
    }

    @Test
    void checkpointsOfDifferentShapesAreRefused() {
        Transformer a = RandomWeights.create(Recipes.named("gpt2"), 1, Kernels.best());
        Transformer b = RandomWeights.create(Recipes.named("gpt2-gqa"), 1, Kernels.best());
        var e = assertThrows(IllegalArgumentException.class, () -> CheckpointComparison.run(a, bytes, b, bytes,
                Tokens.ofIds(new int[]{1, 2}, null), Progress.NONE));
        assertTrue(e.getMessage().contains("different models") && e.getMessage().contains("(2 key/value)"), e.getMessage());
    }

    /** Random weights at step 0, the planted circuit from step 100: both kinds form at 100, in the planted heads. */
    @Test
    void theTimelineFindsWhenThePlantedHeadsFormed() {
        Transformer planted = PlantedInduction.build();
        Transformer random = RandomWeights.create(planted.config(), 4, Kernels.best());
        TrainingTimeline t = TrainingTimeline.run(List.of(
                new TrainingTimeline.Snapshot("late", 200, planted, bytes),
                new TrainingTimeline.Snapshot("start", 0, random, bytes),
                new TrainingTimeline.Snapshot("middle", 100, planted, bytes)), Progress.NONE);
        assertEquals(List.of(0L, 100L, 200L), t.points().stream().map(TrainingTimeline.Point::step).toList());
        assertEquals(new TrainingTimeline.Formed(0, 0, 100, HeadKind.PREVIOUS_TOKEN_MIN), t.previousToken());
        assertEquals(new TrainingTimeline.Formed(1, 0, 100, HeadKind.INDUCTION_MIN), t.induction());
        assertTrue(t.points().get(0).induction()[1][0] < HeadKind.INDUCTION_MIN);
    }

    /** A head that crosses the line and falls back has not formed; one that crosses later and stays has. */
    @Test
    void aHeadFormsWhenItStaysAboveTheThreshold() {
        List<TrainingTimeline.Point> points = List.of(point(0, 0.1, 0.0), point(10, 0.6, 0.1), point(20, 0.2, 0.7),
                point(30, 0.9, 0.8));
        TrainingTimeline.Formed f = TrainingTimeline.formed(points, TrainingTimeline.Point::previousToken, 0.5);
        assertEquals(new TrainingTimeline.Formed(0, 1, 20, 0.5), f);
        assertNull(TrainingTimeline.formed(points, TrainingTimeline.Point::previousToken, 0.95));
    }

    private static TrainingTimeline.Point point(long step, double head0, double head1) {
        double[][] s = {{head0, head1}};
        return new TrainingTimeline.Point("s" + step, step, s, s);
    }
}
