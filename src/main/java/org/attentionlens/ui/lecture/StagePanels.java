package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.ui.common.Numbers;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.RopeBars;

import java.util.List;

/**
 * What each stage shows, built from a {@link HeadWalk}: matrices as abridged tables, vectors as strips, and the
 * arithmetic written out. Value labels that tests read carry ids ({@code value-…}, matrix cells {@code name-r-c}).
 */
final class StagePanels {
    private StagePanels() {
    }

    static Node build(LectureStage stage, HeadWalk w, LectureSource source) {
        Node content = switch (stage) {
            case INPUT -> input(w);
            case PROJECTIONS -> projections(w);
            case QK_NORM -> qkNorm(w);
            case ROPE -> rope(w, source);
            case SHARED_KV -> sharedKv(w);
            case DOT_PRODUCT -> dotProduct(w);
            case ALL_SCORES -> allScores(w);
            case SCALE -> scale(w);
            case SOFTCAP -> softcap(w);
            case MASK -> mask(w);
            case SOFTMAX -> softmax(w);
            case WEIGHTED_SUM -> weightedSum(w);
            case CONCAT -> concat(w);
            case OUTPUT_PROJECTION -> outputProjection(w);
            case RESIDUAL -> residual(w);
        };
        VBox box = new VBox(content);
        if (w.decode() && (stage == LectureStage.ALL_SCORES || stage == LectureStage.SOFTMAX))
            box.getChildren().add(recomputeCheck(w, source));
        box.getStyleClass().add("stage-panel");
        box.setId("stage-" + stage.key());
        return box;
    }

    // ---- the stages ----

    private static Node input(HeadWalk w) {
        ModelSpec c = w.config();
        int D = c.dModel(), R = w.computedRows(), f = w.firstComputed();
        String size = R + " × " + D;
        Node x = MatrixGrid.of("x", R, D, w.blockInput()).title("x: the residual stream entering layer " + w.layer()
                        + " (" + size + ")")
                .rowLabels(r -> token(w, f + r)).focus(w.query() - f, -1).build();
        HBox top = row(x);
        if (w.preNorm()) {
            Node ln = MatrixGrid.of("xin", R, D, w.projectionInput()).title("LayerNorm 1 (x): what the head reads")
                    .rowLabels(r -> token(w, f + r)).focus(w.query() - f, -1).build();
            top.getChildren().addAll(op("→"), ln);
        }
        return col(top, caption("The row of " + token(w, w.query()) + ", all " + D + " numbers (hover for values):"),
                new VectorStrip("x" + sub(w.query()), w.projectionInputRow()),
                w.decode() ? note("Decode step: only the new token's row is computed; the " + f
                        + " earlier tokens ran in earlier steps.") : new Label());
    }

    private static Node projections(HeadWalk w) {
        ModelSpec c = w.config();
        int D = c.dModel(), Dh = c.dHead(), R = w.computedRows(), f = w.firstComputed(), Tk = w.keyCount();
        String wSize = " (" + D + " × " + Dh + ")";
        HBox weights = row(
                MatrixGrid.of("wq", D, Dh, w.wq()).title("W_Q, head " + w.head() + wSize).limits(4, 4).edgeCols(2, 1).build(),
                MatrixGrid.of("wk", D, Dh, w.wk()).title("W_K" + wSize).limits(4, 4).edgeCols(2, 1).build(),
                MatrixGrid.of("wv", D, Dh, w.wv()).title("W_V" + wSize).limits(4, 4).edgeCols(2, 1).build());
        Node q = MatrixGrid.of("q", R, Dh, w.queries()).title("Q = x·W_Q + b_Q").limits(14, 4).edgeCols(2, 1)
                .rowLabels(r -> token(w, f + r)).focus(w.query() - f, -1)
                .rowTags(r -> w.decode() ? "new" : null).build();
        Node k = MatrixGrid.of("k", Tk, Dh, w.keys()).title("K = x·W_K + b_K").limits(14, 4).edgeCols(2, 1)
                .rowLabels(r -> token(w, r)).focus(w.decode() ? w.query() : -1, -1)
                .rowTags(r -> cacheTag(w, r)).build();
        Node v = MatrixGrid.of("v", Tk, Dh, w.values()).title("V = x·W_V + b_V").limits(14, 4).edgeCols(2, 1)
                .rowLabels(r -> token(w, r)).focus(w.decode() ? w.query() : -1, -1)
                .rowTags(r -> cacheTag(w, r)).build();
        return col(weights, row(q, k, v),
                row(caption("q" + sub(w.query()) + " of " + token(w, w.query()) + ":"),
                        grow(new VectorStrip("q" + sub(w.query()), w.q()))));
    }

    private static Node qkNorm(HeadWalk w) {
        int Dh = w.config().dHead();
        float[][] q = w.queryNorm(), k = w.ownKeyNorm();
        float[] table = new float[4 * Dh]; // (4, Dh): q before, q after, k before, k after
        float[][] rows = {q[0], q[1], k[0], k[1]};
        for (int r = 0; r < 4; r++) System.arraycopy(rows[r], 0, table, r * Dh, Dh);
        String i = sub(w.query());
        String[] names = {"q" + i + " before", "q" + i + " normalised", "k" + i + " before", "k" + i + " normalised"};
        Node grid = MatrixGrid.of("qknorm", 4, Dh, table).title(w.config().norm().label() + " of q and k, "
                + (w.config().attention().qkNorm() == org.attentionlens.model.AttentionSpec.QkNorm.PER_HEAD
                ? "per head" : "over the whole projection")).limits(4, 8).rowLabels(r -> names[r]).focus(1, -1).build();
        VectorStrip[] bars = {new VectorStrip(names[0], q[0]), new VectorStrip(names[1], q[1]),
                new VectorStrip(names[2], k[0]), new VectorStrip(names[3], k[1])};
        return col(grid, strips(names, bars));
    }

    /** The score of the followed cell taken apart by frequency pair (the same decomposition as the Heads tab's). */
    static RopeDecomposition rope(HeadWalk w) {
        return RopeDecomposition.of(w.config(), w.layer(), w.q(), w.k(w.key()), w.query(), w.key(), w.keyCount());
    }

    private static Node rope(HeadWalk w, LectureSource source) {
        RopeDecomposition r = rope(w);
        int P = r.pairCount();
        float[] table = new float[5 * P]; // (5, P): ω, i·ω, j·ω, the pair's term, at distance 0
        for (int p = 0; p < P; p++) {
            table[p] = r.frequencies()[p];
            table[P + p] = r.queryAngles()[p];
            table[2 * P + p] = r.keyAngles()[p];
            table[3 * P + p] = (float) r.pairs()[p];
            table[4 * P + p] = (float) r.aligned()[p];
        }
        String i = sub(w.query()), j = sub(w.key());
        String[] names = {"ω_p", w.query() + "·ω_p (q" + i + "'s turn)", w.key() + "·ω_p (k" + j + "'s turn)",
                "pair's term", "at distance 0"};
        Node grid = MatrixGrid.of("rope", 5, P, table).title("pair p = 0 (fastest) … " + (P - 1) + " (slowest), "
                + r.rope().label()).limits(5, 9).edgeCols(4, 3).rowLabels(x -> names[x]).colLabels(p -> "p" + p)
                .focus(3, -1).build();
        String[] strips = {"q" + i + " before", "q" + i + " turned", "k" + j + " before", "k" + j + " turned"};
        VectorStrip[] bars = {new VectorStrip(strips[0], r.qBefore()), new VectorStrip(strips[1], r.qAfter()),
                new VectorStrip(strips[2], r.kBefore()), new VectorStrip(strips[3], r.kAfter())};
        RopeBars chart = new RopeBars();
        chart.show(r, w.keyCount());
        chart.setPrefHeight(150);
        chart.setId("rope-bars");
        Node sum = row(formula("Σ over " + P + " pairs" + (r.rest() != 0 ? " + the unturned rest" : "") + " ="),
                value("value-rope-sum", r.sum()), formula("= q" + i + "·k" + j + " × scale"));
        return col(grid, strips(strips, bars), grow(chart), sum);
    }

    private static Node sharedKv(HeadWalk w) {
        ModelSpec c = w.config();
        int g = w.kvHead(), n = c.attention().groupSize(), Tk = w.keyCount(), Dh = c.dHead();
        Node keys = MatrixGrid.of("shared-k", Tk, Dh, w.keys()).title("K of key/value head " + g + ", read by "
                        + AttentionText.queryHeads(c, g)).limits(10, 4).edgeCols(2, 1).rowLabels(r -> token(w, r))
                .rowTags(r -> cacheTag(w, r)).build();
        VBox readers = new VBox(4);
        for (int h = g * n; h < (g + 1) * n; h++) {
            Label l = caption("query head " + h + (h == w.head() ? "  (followed)" : ""));
            if (h == w.head()) l.getStyleClass().add("focus");
            readers.getChildren().add(l);
        }
        long perToken = 2L * c.layers() * c.kvHeads() * Dh * Float.BYTES;
        Node cost = col(row(formula("cache per token: 2 × " + c.layers() + " layers × " + c.kvHeads() + " KV heads × "
                        + Dh + " × 4 B ="), count("value-cache-token", perToken), formula("bytes")),
                row(formula("with one KV head per query head:"), count("value-cache-full", perToken / c.kvHeads() * c.heads()),
                        formula("bytes")));
        return col(row(readers, op("→"), keys), cost);
    }

    private static Node softcap(HeadWalk w) {
        int Tk = w.keyCount();
        float[] table = new float[Tk * 2]; // (Tk, 2): before the cap, after
        for (int j = 0; j < Tk; j++) {
            table[j * 2] = w.scoreBeforeCap(j);
            table[j * 2 + 1] = w.score(j);
        }
        String cap = AttentionText.number(w.config().attention().softcap());
        String[] names = {"s", cap + "·tanh(s/" + cap + ")"};
        Node grid = MatrixGrid.of("softcap", Tk, 2, table).title("the row of " + token(w, w.query())).limits(18, 2)
                .rowLabels(j -> w.token(j)).colLabels(x -> names[x]).focus(w.key(), 1).keepRows(w.strongestKey()).build();
        return row(grid, col(formula("for " + token(w, w.key()) + ":"), row(value("value-before-cap",
                w.scoreBeforeCap(w.key())), formula("→"), value("value-after-cap", w.score(w.key())))));
    }

    private static Node dotProduct(HeadWalk w) {
        int Dh = w.config().dHead(), i = w.query(), j = w.key();
        float[] q = w.q(), k = w.k(j), p = w.products();
        float[] table = new float[3 * Dh]; // (3, Dh): q, k, q×k
        System.arraycopy(q, 0, table, 0, Dh);
        System.arraycopy(k, 0, table, Dh, Dh);
        System.arraycopy(p, 0, table, 2 * Dh, Dh);
        String[] names = {"q" + sub(i) + " (" + w.token(i) + ")", "k" + sub(j) + " (" + w.token(j) + ")", "q × k"};
        Node grid = MatrixGrid.of("dot", 3, Dh, table).title("d = 0 … " + (Dh - 1)).limits(3, 9)
                .rowLabels(r -> names[r]).focus(2, -1).build();
        StringBuilder sum = new StringBuilder("q·k = ");
        List<Integer> terms = Abridge.indices(Dh, 5, 3, 1, -1);
        for (int t = 0; t < terms.size(); t++) {
            int d = terms.get(t);
            if (t > 0) sum.append(" + ");
            sum.append(d == Abridge.GAP ? "…" : "(" + Numbers.slide(q[d]) + " × " + Numbers.slide(k[d]) + ")");
        }
        return col(strips(new String[]{"q" + sub(i), "k" + sub(j), "q × k"}, new VectorStrip("q" + sub(i), q),
                        new VectorStrip("k" + sub(j), k), new VectorStrip("q×k", p)),
                grid, formula(sum.toString()),
                row(formula("q" + sub(i) + "·k" + sub(j) + " ="), value("value-dot", w.rawScore(j))));
    }

    private static Node allScores(HeadWalk w) {
        int R = w.computedRows(), f = w.firstComputed(), Tk = w.keyCount();
        Node grid = MatrixGrid.of("raw", R, Tk, w.rawScores()).title("Q·Kᵀ: query rows × key columns ("
                        + R + " × " + Tk + ")").limits(16, 14)
                .rowLabels(r -> token(w, f + r)).colLabels(j -> w.token(j)).focus(w.query() - f, w.key())
                .keepCols(bestKeys(w, 3)).build();
        return col(grid, row(formula("q" + sub(w.query()) + "·k" + sub(w.key()) + " ="),
                value("value-dot", w.rawScore(w.key()))));
    }

    private static Node scale(HeadWalk w) {
        int Tk = w.keyCount(), Dh = w.config().dHead();
        float[] table = new float[Tk * 2]; // (Tk, 2): raw, scaled
        for (int j = 0; j < Tk; j++) {
            table[j * 2] = w.rawScore(j);
            table[j * 2 + 1] = w.scoreBeforeCap(j);
        }
        boolean plain = Math.abs(w.scaleDivisor() - Math.sqrt(Dh)) < 1e-6 * Math.sqrt(Dh);
        String[] names = {"q·k", (plain ? "÷ √" + Dh : "÷ " + Numbers.slide(w.scaleDivisor())) + " = s"};
        Node grid = MatrixGrid.of("scale", Tk, 2, table).title("the row of " + token(w, w.query())).limits(18, 2)
                .rowLabels(j -> w.token(j)).colLabels(c -> names[c]).focus(w.key(), 1)
                .keepRows(w.strongestKey()).build();
        return row(grid, col(formula("for " + token(w, w.key()) + ":"), row(value("value-dot", w.rawScore(w.key())),
                formula("÷"), value("value-sqrt", w.scaleDivisor()), formula("="),
                value("value-score", w.scoreBeforeCap(w.key())))));
    }

    private static Node mask(HeadWalk w) {
        int R = w.computedRows(), f = w.firstComputed(), Tk = w.keyCount();
        Node grid = MatrixGrid.of("masked", R, Tk, w.scores())
                .title(!w.config().causal() ? "scaled scores; an encoder masks nothing" : w.mask().windowed()
                        ? "scores; later keys and keys outside the window are set to −∞"
                        : "scaled scores; keys after the query are set to −∞").limits(16, 14)
                .rowLabels(r -> token(w, f + r)).colLabels(j -> w.token(j)).focus(w.query() - f, w.key())
                .keepCols(bestKeys(w, 3)).masked((r, j) -> w.masked(f + r, j))
                .outsideWindow((r, j) -> w.mask().outsideWindow(f + r, j)).build();
        int visible = 0;
        for (int j = 0; j < Tk; j++) if (!w.masked(w.query(), j)) visible++;
        Node sees = row(formula(token(w, w.query()) + " sees"), count("value-visible", visible),
                formula("of " + Tk + " keys"));
        if (!w.mask().windowed()) return col(grid, sees);
        return col(grid, sees, note("Dark: a later key (the causal rule). Teal: "
                + AttentionText.outsideWindow(w.config(), w.layer()) + ", a key " + w.mask().window()
                + " or more positions back."));
    }

    private static Node softmax(HeadWalk w) {
        int Tk = w.keyCount();
        float max = w.rowMax();
        double sum = w.expSum();
        float[] table = new float[Tk * 4]; // (Tk, 4): s, s − max, e^(s − max), α
        for (int j = 0; j < Tk; j++) {
            boolean m = w.masked(w.query(), j);
            table[j * 4] = w.score(j);
            table[j * 4 + 1] = m ? Float.NEGATIVE_INFINITY : w.score(j) - max;
            table[j * 4 + 2] = (float) w.exp(j);
            table[j * 4 + 3] = w.weight(j);
        }
        String[] names = {"s", "s − max", "e^(s − max)", "α = e ÷ Σ"};
        Node grid = MatrixGrid.of("softmax", Tk, 4, table).title("the row of " + token(w, w.query())).limits(18, 4)
                .rowLabels(j -> w.token(j)).colLabels(c -> names[c]).focus(w.key(), 3).weightColumn(3)
                .keepRows(w.strongestKey()).masked((j, c) -> c < 2 && w.masked(w.query(), j)).build();
        return row(grid, col(row(formula("max ="), value("value-max", max)), row(formula("Σ e ="),
                value("value-sum", sum)), row(formula("α(" + w.token(w.key()) + ") ="),
                value("value-weight", w.weight(w.key())))));
    }

    private static Node weightedSum(HeadWalk w) {
        int Tk = w.keyCount(), Dh = w.config().dHead();
        float[] scaled = new float[Tk * Dh]; // (Tk, Dh) α_j v_j
        for (int j = 0; j < Tk; j++) System.arraycopy(w.weightedValue(j), 0, scaled, j * Dh, Dh);
        int best = w.strongestKey();
        Node v = MatrixGrid.of("values", Tk, Dh, w.values()).title("v_j").limits(10, 4).edgeCols(2, 1)
                .rowLabels(j -> w.token(j) + " (α " + Numbers.slide(w.weight(j)) + ")").focus(best, -1)
                .keepRows(w.query()).rowTags(r -> cacheTag(w, r)).build();
        Node av = MatrixGrid.of("av", Tk, Dh, scaled).title("α_j · v_j").limits(10, 4).edgeCols(2, 1)
                .rowLabels(j -> w.token(j)).focus(best, -1).keepRows(w.query()).build();
        Node out = MatrixGrid.of("out", 1, Dh, w.headOutput()).title("Σ_j α_j v_j = head " + w.head()
                + "'s output for " + token(w, w.query())).limits(1, 7).rowLabels(r -> "Σ").build();
        return col(row(v, op("→"), av), out, grow(new VectorStrip("head output", w.headOutput())));
    }

    private static Node concat(HeadWalk w) {
        ModelSpec c = w.config();
        int H = c.heads(), Dh = c.dHead();
        float[] all = w.concat();
        List<Integer> shown = Abridge.indices(H, 8, 3, 2, w.head());
        GridPane heads = new GridPane();
        heads.getStyleClass().add("strips");
        ColumnConstraints bars = new ColumnConstraints();
        bars.setHgrow(Priority.ALWAYS);
        heads.getColumnConstraints().addAll(new ColumnConstraints(), bars);
        for (int r = 0; r < shown.size(); r++) {
            int h = shown.get(r);
            if (h == Abridge.GAP) {
                heads.add(caption("⋮"), 0, r);
                continue;
            }
            Label name = caption("head " + h);
            if (h == w.head()) name.getStyleClass().add("focus");
            heads.add(name, 0, r);
            heads.add(grow(new VectorStrip("head " + h, java.util.Arrays.copyOfRange(all, h * Dh, (h + 1) * Dh))), 1, r);
        }
        return col(heads, op("↓ side by side"), caption("concat (" + H + " × " + Dh + " = " + (H * Dh) + " numbers)"),
                grow(new VectorStrip("concat", all, w.head() * Dh, (w.head() + 1) * Dh, Dh)),
                MatrixGrid.of("concat", 1, H * Dh, all).limits(1, 9).rowLabels(r -> "concat")
                        .focus(0, w.head() * Dh).build());
    }

    private static Node outputProjection(HeadWalk w) {
        ModelSpec c = w.config();
        int HDh = c.qWidth(), D = c.dModel();
        Node concat = MatrixGrid.of("concat", 1, HDh, w.concat()).title("concat (1 × " + HDh + ")").limits(1, 7)
                .rowLabels(r -> token(w, w.query())).build();
        Node wo = MatrixGrid.of("wo", HDh, D, w::wo).title("W_O (" + HDh + " × " + D + ")")
                .limits(7, 7).build();
        Node bo = MatrixGrid.of("bo", 1, D, w.bo()).title("b_O").limits(1, 7).rowLabels(r -> "b_O").build();
        Node out = MatrixGrid.of("attn", 1, D, w.attentionOutput()).title("attention output (1 × " + D + ")")
                .limits(1, 7).rowLabels(r -> token(w, w.query())).build();
        return col(row(concat, op("×"), wo), row(op("+"), bo), row(op("="), out),
                grow(new VectorStrip("attention output", w.attentionOutput())));
    }

    private static Node residual(HeadWalk w) {
        int D = w.config().dModel();
        float[] x = w.blockInputRow(), a = w.attentionOutput(), s = w.afterAttention(), post = w.postNorm();
        int n = post == null ? 3 : 4;
        float[] table = new float[n * D]; // (n, D)
        System.arraycopy(x, 0, table, 0, D);
        System.arraycopy(a, 0, table, D, D);
        System.arraycopy(s, 0, table, 2 * D, D);
        if (post != null) System.arraycopy(post, 0, table, 3 * D, D);
        String[] names = {"x (in)", "+ attention", "= x + attention", "LayerNorm 1"};
        Node grid = MatrixGrid.of("residual", n, D, table).title("the residual stream of " + token(w, w.query())
                + " after the attention sublayer").limits(4, 9).rowLabels(r -> names[r]).focus(2, -1).build();
        VectorStrip[] bars = {new VectorStrip("x", x), new VectorStrip("attention", a),
                new VectorStrip("x + attention", s), post == null ? null : new VectorStrip("LayerNorm 1", post)};
        return col(grid, strips(names, java.util.Arrays.copyOf(bars, n)));
    }

    private static Node recomputeCheck(HeadWalk w, LectureSource source) {
        Label check = note("Check: the full pass over all " + source.trace().length() + " tokens, without a cache, "
                + "gives this row too (largest difference " + Numbers.slide(source.recomputeDifference(w)) + ").");
        check.setId("recompute-check");
        return check;
    }

    // ---- small pieces ----

    /** The n keys the query matches best (highest scores it may see), so abridged tables keep them. */
    private static int[] bestKeys(HeadWalk w, int n) {
        return java.util.stream.IntStream.range(0, w.keyCount()).filter(j -> !w.masked(w.query(), j)).boxed()
                .sorted((a, b) -> Float.compare(w.score(b), w.score(a))).limit(n).mapToInt(Integer::intValue).toArray();
    }

    private static String cacheTag(HeadWalk w, int position) {
        if (!w.decode()) return null;
        return position < w.firstComputed() ? "cache" : "new";
    }

    private static String token(HeadWalk w, int position) {
        return "“" + w.token(position) + "”";
    }

    /** Subscript digits, so q₁₂ reads like the board. */
    static String sub(int i) {
        StringBuilder b = new StringBuilder();
        for (char ch : Integer.toString(i).toCharArray()) b.append((char) ('₀' + ch - '0'));
        return b.toString();
    }

    private static HBox row(Node... nodes) {
        HBox b = new HBox(nodes);
        b.getStyleClass().add("stage-row");
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }

    private static VBox col(Node... nodes) {
        VBox b = new VBox(nodes);
        b.getStyleClass().add("stage-col");
        return b;
    }

    private static <T extends javafx.scene.layout.Region> T grow(T n) {
        HBox.setHgrow(n, Priority.ALWAYS);
        n.setMaxWidth(Double.MAX_VALUE);
        return n;
    }

    private static Label op(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("operator");
        return l;
    }

    private static Label formula(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("formula");
        l.setWrapText(true);
        return l;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-caption");
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-note");
        l.setWrapText(true);
        return l;
    }

    private static Label count(String id, long n) {
        Label l = new Label(AttentionText.count(n));
        l.getStyleClass().add("value");
        l.setId(id);
        return l;
    }

    /** Labelled strips one under another, the strips aligned and as wide as the slide. */
    private static GridPane strips(String[] names, VectorStrip... strips) {
        GridPane g = new GridPane();
        g.getStyleClass().add("strips");
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints bars = new ColumnConstraints();
        bars.setHgrow(Priority.ALWAYS);
        bars.setFillWidth(true);
        g.getColumnConstraints().addAll(labels, bars);
        for (int r = 0; r < strips.length; r++) {
            g.add(caption(names[r]), 0, r);
            g.add(grow(strips[r]), 1, r);
        }
        return g;
    }

    private static Label value(String id, double v) {
        Label l = new Label(Numbers.slide(v));
        l.getStyleClass().add("value");
        l.setId(id);
        return l;
    }
}
