package org.attentionlens.ui.common;

import org.attentionlens.model.HeadMatrices;
import org.attentionlens.tokenizer.Tokens;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One head's three matrices as a tidy CSV, one row per (query, key) cell with both tokens named:
 * {@code query,query_token,key,key_token,score,weight,contribution,masked}. Loads straight into pandas or R.
 */
public final class HeadCsv {
    public static final String HEADER = "query,query_token,key,key_token,score,weight,contribution,masked";

    private HeadCsv() {
    }

    public static void write(HeadMatrices m, Tokens tokens, Path file) throws IOException {
        int T = m.T();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# layer " + m.layer() + ", head " + m.head() + "; score = q·k/sqrt(d_head), weight = softmax, "
                    + "contribution = ||weight * v_j W_O^h||");
            w.newLine();
            w.write(HEADER);
            w.newLine();
            for (int i = 0; i < T; i++)
                for (int j = 0; j < T; j++) {
                    w.write(i + "," + quote(tokens.display()[i]) + "," + j + "," + quote(tokens.display()[j]) + ","
                            + num(m.score(i, j)) + "," + num(m.weight(i, j)) + "," + num(m.contribution(i, j)) + ","
                            + m.masked(i, j));
                    w.newLine();
                }
        }
    }

    /** Shortest text that reads back as the same float. */
    private static String num(float v) {
        return Float.toString(v).toLowerCase(Locale.ROOT);
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
