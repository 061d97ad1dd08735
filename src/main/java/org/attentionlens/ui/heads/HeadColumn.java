package org.attentionlens.ui.heads;

import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.Measure;

import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * The head table's columns: what each shows, the key it sorts by, and the {@link Measure} whose definition its
 * header explains. Values that could not be computed (NaN, or no induction probe) sort last and show "—".
 */
public enum HeadColumn {
    HEAD("Head", null, s -> s.layer() * 100_000.0 + s.head()),
    KIND("Kind", null, s -> s.kind().ordinal()),
    ENTROPY("Entropy", Measure.ENTROPY, HeadStats::entropy),
    CONFIDENCE("Confidence", Measure.CONFIDENCE, HeadStats::confidence),
    PREVIOUS_TOKEN("Previous token", Measure.PREVIOUS_TOKEN, HeadStats::previousToken),
    SINK("Sink", Measure.SINK, HeadStats::sink),
    SINK_VALUE_SHARE("Sink value share", Measure.SINK_VALUE_SHARE, HeadStats::sinkValueShare),
    SELF("Self", Measure.SELF, HeadStats::self),
    DISTANCE("Distance", Measure.DISTANCE, HeadStats::distance),
    PREFIX_MATCHING("Prefix match", Measure.PREFIX_MATCHING, HeadStats::prefixMatching),
    INDUCTION("Induction", Measure.INDUCTION, s -> s.induction() == null ? Double.NaN : s.induction());

    private final String title;
    private final Measure measure;
    private final ToDoubleFunction<HeadStats> key;

    HeadColumn(String title, Measure measure, ToDoubleFunction<HeadStats> key) {
        this.title = title;
        this.measure = measure;
        this.key = key;
    }

    public String title() {
        return title;
    }

    /** The measure the column shows, or null for the head's name and kind. */
    public Measure measure() {
        return measure;
    }

    /** What the header's tooltip says: the measure's definition, or how heads are named and classified. */
    public String definition() {
        if (measure != null) return measure.definition();
        return this == HEAD ? "layer.head, both counted from 0. Double-click a row (or press Enter) to open the head "
                + "in the Heads tab." : HeadTableViewModel.kindRules();
    }

    /** The sort key: the measure's value (NaN when missing). */
    public double key(HeadRow row) {
        return key.applyAsDouble(row.stats());
    }

    /** Ascending by key, missing values last, ties by head. */
    public Comparator<HeadRow> comparator() {
        return Comparator.<HeadRow, Boolean>comparing(r -> Double.isNaN(key(r)))
                .thenComparingDouble(this::key)
                .thenComparingDouble(HEAD::key);
    }

    /** The cell's text. */
    public String text(HeadRow row) {
        HeadStats s = row.stats();
        return switch (this) {
            case HEAD -> row.name();
            case KIND -> s.kind().key();
            case ENTROPY -> Double.isNaN(s.entropy()) ? "—" : HeadTableFormat.num(s.entropy()) + " ± " + HeadTableFormat.num(s.entropyStd());
            case SINK_VALUE_SHARE -> Double.isNaN(s.sinkValueShare()) ? "—"
                    : HeadTableFormat.num(s.sinkValueShare()) + " · raw " + HeadTableFormat.num(s.sink());
            default -> HeadTableFormat.num(key(row));
        };
    }

    /** The kind a badge shows, with its rule for the tooltip. */
    static String badgeTip(HeadKind k) {
        return k.key() + ": " + k.description() + "\n\n" + HeadTableViewModel.kindRules();
    }
}
