package org.attentionlens.ui.lecture;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.attentionlens.ui.lecture.LectureStage.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lecture follows each family's real recipe: its stages are the model's (QK-norm, RoPE, shared keys and values,
 * soft-cap only where the spec has them), and the numbers on the new slides are the pass's, read back against the trace
 * (or, for what a trace does not keep, against an independent recomputation), in every modern recipe.
 */
@ExtendWith(ApplicationExtension.class)
class LectureRecipesFxTest {
    private static final int QUERY = 8, KEY = 6;
    /** What each recipe adds to the plain walk, in order. */
    private static final Map<String, List<LectureStage>> EXTRA = Map.of(
            "llama3", List.of(ROPE, SHARED_KV),
            "mistral", List.of(ROPE, SHARED_KV),
            "qwen3", List.of(QK_NORM, ROPE, SHARED_KV),
            "gemma2", List.of(ROPE, SHARED_KV, SOFTCAP),
            "phi3", List.of(ROPE),
            "neox", List.of(ROPE),
            "olmo2", List.of(QK_NORM, ROPE),
            "gpt2-gqa", List.of(SHARED_KV),
            "yarn-interleaved", List.of(ROPE, SHARED_KV));
    private LectureViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new LectureViewModel();
        stage.setScene(new Scene(new LectureView(vm), 1280, 800));
        stage.show();
    }

    @Test
    void eachRecipeWalksItsOwnStagesWithThePassNumbers(FxRobot robot) {
        for (Map.Entry<String, List<LectureStage>> e : EXTRA.entrySet()) {
            ModelSpec c = Recipes.named(e.getKey());
            LoadedModel m = new LoadedModel(c.id(), c.id(), RandomWeights.create(c, 5, Kernels.best()),
                    new LectureFixtures.WordTokenizer(false));
            AttentionTrace trace = AttentionTrace.capture(m.transformer(), m.tokenizer().encode(LectureFixtures.CAT));
            int layer = c.layers() - 1, head = c.heads() - 1, T = trace.length();
            robot.interact(() -> vm.load(m, LectureFixtures.CAT, trace, layer, head, QUERY, KEY));
            List<LectureStage> expected = new ArrayList<>(List.of(INPUT, PROJECTIONS));
            expected.addAll(e.getValue().stream().filter(s -> s.ordinal() < DOT_PRODUCT.ordinal()).toList());
            expected.addAll(List.of(DOT_PRODUCT, ALL_SCORES, SCALE));
            if (e.getValue().contains(SOFTCAP)) expected.add(SOFTCAP);
            expected.addAll(List.of(MASK, SOFTMAX, WEIGHTED_SUM, CONCAT, OUTPUT_PROJECTION, RESIDUAL));
            assertEquals(expected, List.copyOf(vm.stages()), e.getKey());
            assertTrue(robot.lookup("#stage-item-" + expected.get(2).key()).tryQuery().isPresent(), "listed");

            float beforeCap = trace.scoresBeforeCap(layer, head)[QUERY * T + KEY];
            for (LectureStage s : expected) {
                robot.interact(() -> vm.goTo(s));
                String where = e.getKey() + " " + s;
                switch (s) {
                    case ROPE -> {
                        RopeDecomposition r = RopeDecomposition.of(trace, layer, head, QUERY, KEY);
                        close(robot, "#value-rope-sum", beforeCap, where + ": Σ pairs = the pass's score");
                        close(robot, "#rope-3-0", r.pairs()[0], where + ": the fastest pair's term");
                        close(robot, "#rope-1-0", QUERY * r.frequencies()[0], where + ": i·ω₀");
                    }
                    case QK_NORM -> {
                        // the q the slide says QK-norm gave equals the pass's rotated q turned back (no tap in a trace)
                        float[] turnedBack = RopeDecomposition.of(trace, layer, head, QUERY, KEY).qBefore();
                        close(robot, "#qknorm-1-0", turnedBack[0], where);
                    }
                    case SHARED_KV -> {
                        close(robot, "#shared-k-0-0", trace.key(layer, head, 0)[0], where + ": the group's K");
                        assertEquals(org.attentionlens.ui.common.AttentionText.count(
                                2L * c.layers() * c.kvHeads() * c.dHead() * 4), text(robot, "#value-cache-token"), where);
                    }
                    case SOFTCAP -> {
                        close(robot, "#value-before-cap", beforeCap, where);
                        close(robot, "#value-after-cap", trace.head(layer, head).score(QUERY, KEY), where);
                    }
                    case SCALE -> close(robot, "#value-score", beforeCap, where + ": scaled, before any cap");
                    case MASK -> {
                        int window = c.attention().window(layer), visible = window > 0 ? Math.min(window, QUERY + 1) : QUERY + 1;
                        assertEquals(Integer.toString(visible), text(robot, "#value-visible"), where);
                        if (window > 0 && window <= QUERY)
                            assertTrue(robot.lookup("#masked-" + QUERY + "-0").query().getStyleClass()
                                    .contains("outside-window"), where + ": key 0 is outside the window");
                    }
                    case SOFTMAX -> close(robot, "#value-weight", trace.head(layer, head).weight(QUERY, KEY), where);
                    default -> {
                    }
                }
            }
        }
    }

    /** The label's number (as a slide writes it: three decimals, a true minus) within its rounding of expected. */
    private static void close(FxRobot robot, String id, double expected, String what) {
        String s = text(robot, id).replace('−', '-').replace(",", "");
        assertEquals(expected, Double.parseDouble(s), 1e-3 + 1e-3 * Math.abs(expected), what + " (" + id + ")");
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
