package org.attentionlens;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the layering honest (JabRef's ArchUnit rules): the engine never knows JavaFX or the UI; the UI's
 * features talk through ui.state and ui.common, never to each other; and the UI never touches the KV cache or the
 * weight arrays, only traces, sessions and steps.
 */
class ArchitectureTest {
    private static final String[] ENGINE = {"org.attentionlens.tensor..", "org.attentionlens.model..",
            "org.attentionlens.tokenizer..", "org.attentionlens.io..", "org.attentionlens.sampling..",
            "org.attentionlens.analysis..", "org.attentionlens.train..", "org.attentionlens.cli..",
            "org.attentionlens.bench..", "org.attentionlens.errors.."};
    private static final List<String> FEATURES = List.of("input", "head", "grid", "lines", "decode", "heads", "lecture",
            "research");
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.attentionlens");
    }

    @Test
    void engineNeverImportsJavaFxOrTheUi() {
        noClasses().that().resideInAnyPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.attentionlens.ui..", "org.attentionlens.viz..")
                .because("the model, its I/O and the CLI run headless; only ui/ (and viz/'s images) draw")
                .check(classes);
    }

    @Test
    void vizDrawsIntoImagesWithoutKnowingTheUi() {
        noClasses().that().resideInAPackage("org.attentionlens.viz..")
                .should().dependOnClassesThat().resideInAnyPackage("org.attentionlens.ui..", "javafx.scene.control..",
                        "javafx.scene.layout..", "javafx.scene.canvas..")
                .check(classes);
    }

    @Test
    void uiFeaturesDoNotImportEachOtherOrTheApp() {
        for (String feature : FEATURES) {
            String[] others = FEATURES.stream().filter(f -> !f.equals(feature)).map(f -> "org.attentionlens.ui." + f + "..")
                    .toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("org.attentionlens.ui." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAPackage("org.attentionlens.ui.app..")
                    .because("features share state through ui.state and parts through ui.common; ui.app puts them together");
            rule.check(classes);
        }
        noClasses().that().resideInAnyPackage("org.attentionlens.ui.state..", "org.attentionlens.ui.common..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream()
                        .map(f -> "org.attentionlens.ui." + f + "..").toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAPackage("org.attentionlens.ui.app..")
                .check(classes);
    }

    @Test
    void uiNeverTouchesTheKvCacheOrTheWeightArrays() {
        // The lecture walk's numbers come from the model package (model.walk), built from the pass's own taps.
        noClasses().that().resideInAPackage("org.attentionlens.ui..")
                .should().dependOnClassesThat().belongToAnyOf(KvCache.class, ModelWeights.class, LayerWeights.class,
                        AttentionWeights.class, MlpWeights.class, Matrix.class, Table.class, Kernels.class)
                .because("views read traces, decode sessions and steps, never the model's buffers")
                .check(classes);
    }

    @Test
    void theRulesSeeTheWholeApp() {
        assertTrue(classes.contain("org.attentionlens.ui.state.AppState"), "the importer found the UI");
        assertTrue(classes.contain("org.attentionlens.model.Transformer"), "and the engine");
    }
}
