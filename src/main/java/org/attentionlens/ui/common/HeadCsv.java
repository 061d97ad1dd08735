package org.attentionlens.ui.common;

import org.attentionlens.io.AtomicWrite;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.tokenizer.Tokenizer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One head's three matrices as a tidy CSV, one row per (query, key) cell with both tokens named:
 * {@code query,query_token,key,key_token,score,weight,contribution,masked}. Loads straight into pandas or R.
 * The same contract as the JSON export: tokens as the tokenizer spells them (" cat", not "␣cat"), and no score
 * where a cell is masked (empty, like JSON's null). Written whole or not at all.
 */
public final class HeadCsv {
    public static final String HEADER = "query,query_token,key,key_token,score,weight,contribution,masked";

    private HeadCsv() {
    }

    /** ids (T) the text's token ids. */
    public static void write(HeadMatrices m, int[] ids, Tokenizer tokenizer, Path file) throws IOException {
        int T = m.T();
        String[] tokens = new String[T]; // (T) quoted once
        for (int i = 0; i < T; i++) tokens[i] = quote(tokenizer.tokenString(ids[i]));
        AtomicWrite.write(file, out -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                w.write("# layer " + m.layer() + ", head " + m.head() + "; score = q·k/sqrt(d_head) (empty where masked), "
                        + "weight = softmax, contribution = ||weight * v_j W_O^h||");
                w.newLine();
                w.write(HEADER);
                w.newLine();
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++) {
                        boolean masked = m.masked(i, j);
                        w.write(i + "," + tokens[i] + "," + j + "," + tokens[j] + "," + (masked ? "" : num(m.score(i, j)))
                                + "," + num(m.weight(i, j)) + "," + num(m.contribution(i, j)) + "," + masked);
                        w.newLine();
                    }
            }
        });
    }

    /** Shortest text that reads back as the same float. */
    private static String num(float v) {
        return Float.toString(v).toLowerCase(Locale.ROOT);
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
