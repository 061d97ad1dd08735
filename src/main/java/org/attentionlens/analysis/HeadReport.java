package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Every head's measures over a batch of texts (the mean over texts of each text's value) plus the induction
 * probe, and the kind each head is classified as. Legend as in {@link ModelSpec}.
 *
 * @param heads  (L·H) by layer then head
 * @param texts  how many texts were averaged
 * @param probe  the induction probe, or empty when the context is too short for it
 */
public record HeadReport(List<HeadStats> heads, int texts, Optional<InductionProbe.Result> probe) {
    /** Seed of the induction probe's random sequence: fixed, so reports are reproducible. */
    public static final long PROBE_SEED = 20220308L;

    public HeadReport {
        heads = List.copyOf(heads);
    }

    /** The stats of one head. */
    public HeadStats head(int layer, int head) {
        for (HeadStats s : heads) if (s.layer() == layer && s.head() == head) return s;
        throw new IndexOutOfBoundsException("no head " + layer + "." + head);
    }

    /** Runs each text (one at a time, so memory stays that of one trace) and the probe, then measures. */
    public static HeadReport analyse(Transformer model, Tokenizer tokenizer, List<Tokens> texts) {
        if (texts.isEmpty()) throw new IllegalArgumentException("no text to analyse");
        ModelSpec c = model.config();
        List<List<HeadMeasures.Values>> perText = new ArrayList<>();
        for (Tokens t : texts) perText.add(measure(AttentionTrace.capture(model, t)));
        return combine(c, perText, InductionProbe.run(model, tokenizer, PROBE_SEED));
    }

    /** Measures of traces already captured, with a probe already run (or empty). */
    public static HeadReport of(List<AttentionTrace> traces, Optional<InductionProbe.Result> probe) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no trace to analyse");
        List<List<HeadMeasures.Values>> perText = new ArrayList<>();
        for (AttentionTrace t : traces) perText.add(measure(t));
        return combine(traces.get(0).config(), perText, probe);
    }

    /** (L·H) every head's measures on one trace. */
    static List<HeadMeasures.Values> measure(AttentionTrace trace) {
        ModelSpec c = trace.config();
        List<HeadMeasures.Values> out = new ArrayList<>();
        int[] ids = trace.tokens().ids();
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) out.add(HeadMeasures.measure(trace.head(l, h), ids));
        return out;
    }

    private static HeadReport combine(ModelSpec c, List<List<HeadMeasures.Values>> perText,
                                      Optional<InductionProbe.Result> probe) {
        List<HeadStats> heads = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                int index = l * c.heads() + h;
                List<HeadMeasures.Values> v = perText.stream().map(p -> p.get(index)).toList();
                double previous = mean(v, HeadMeasures.Values::previousToken);
                double sink = mean(v, HeadMeasures.Values::sink);
                double distance = mean(v, HeadMeasures.Values::distance);
                double normalised = mean(v, HeadMeasures.Values::normalisedEntropy);
                int layer = l, head = h;
                Double induction = probe.map(p -> p.score(layer, head)).orElse(null);
                HeadKind kind = HeadKind.classify(induction, nanToZero(previous), nanToZero(sink), distance, nanToZero(normalised));
                heads.add(new HeadStats(l, h, mean(v, HeadMeasures.Values::entropy),
                        mean(v, HeadMeasures.Values::entropyStd), normalised, mean(v, HeadMeasures.Values::confidence),
                        previous, sink, mean(v, HeadMeasures.Values::sinkValueShare), mean(v, HeadMeasures.Values::self),
                        distance, mean(v, HeadMeasures.Values::prefixMatching), induction, kind));
            }
        return new HeadReport(heads, perText.size(), probe);
    }

    /** Mean over texts, skipping texts where the measure is NaN; NaN if all are. */
    private static double mean(List<HeadMeasures.Values> v, ToDoubleFunction<HeadMeasures.Values> f) {
        double sum = 0;
        int n = 0;
        for (HeadMeasures.Values x : v) {
            double d = f.applyAsDouble(x);
            if (Double.isNaN(d)) continue;
            sum += d;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }
}
