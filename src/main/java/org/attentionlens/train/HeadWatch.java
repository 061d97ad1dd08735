package org.attentionlens.train;

import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.io.HfFolderLoader;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelSource;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Watches heads form during training: the current weights go through the same writer, loader and head analysis
 * as a finished model (so the numbers equal what {@code heads --model OUT} reports at the end), on one held-out
 * window and the induction probe. Reports the best previous-token and the best induction head.
 */
final class HeadWatch {
    private final Path vocabFolder;
    private final Kernels kernels;
    private final int[] text; // (T) one validation window's ids

    HeadWatch(Path vocabFolder, Kernels kernels, int[] text) {
        this.vocabFolder = vocabFolder;
        this.kernels = kernels;
        this.text = text.clone();
    }

    /** The best head of each kind, with its layer and head. */
    record Best(HeadStats previousToken, HeadStats induction) {
        String describe() {
            return String.format("best previous-token %.3f (L%d H%d), best induction %.3f (L%d H%d)",
                    previousToken.previousToken(), previousToken.layer(), previousToken.head(),
                    orZero(induction.induction()), induction.layer(), induction.head());
        }
    }

    Best measure(GptParams p) throws IOException {
        Path dir = Files.createTempDirectory("attention-lens-heads");
        try {
            Checkpoint.writeModel(dir, p);
            for (String f : List.of("vocab.json", "merges.txt"))
                Files.copy(vocabFolder.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            ModelSource src = ModelSource.folder(dir);
            LoadedModel m = HfFolderLoader.load(src, src.id(), kernels, Progress.NONE);
            String[] labels = new String[text.length];
            for (int i = 0; i < text.length; i++) labels[i] = m.tokenizer().tokenString(text[i]);
            HeadReport r = HeadReport.analyse(m.transformer(), m.tokenizer(), List.of(Tokens.ofIds(text, labels)));
            return new Best(best(r, HeadStats::previousToken), best(r, s -> orZero(s.induction())));
        } catch (ModelLoadException e) {
            throw new IOException("cannot read back the weights being trained: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static HeadStats best(HeadReport r, ToDoubleFunction<HeadStats> score) {
        return r.heads().stream().max(Comparator.comparingDouble(s -> {
            double v = score.applyAsDouble(s);
            return Double.isNaN(v) ? -1 : v;
        })).orElseThrow();
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
