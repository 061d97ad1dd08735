package org.attentionlens.ui.common;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.TinyModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CSV reads back (including tokens with quotes and commas) to exactly the head's floats, as the JSON has them. */
class HeadCsvTest {

    @Test
    void everyCellReadsBackExactly(@TempDir Path dir) throws Exception {
        LoadedModel m = new TinyModelSource().load(TinyModelSource.GPT, (f, s) -> {
        });
        AttentionTrace t = AttentionTrace.capture(m.transformer(), m.tokenizer().encode("He said \"no, thanks\" , then left"));
        HeadMatrices h = t.head(1, 1);
        Path file = dir.resolve("head.csv");
        HeadCsv.write(h, t.tokens().ids(), m.tokenizer(), file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(HeadCsv.HEADER, lines.get(1));
        int T = t.length();
        assertEquals(2 + T * T, lines.size());
        for (int r = 0; r < T * T; r++) {
            List<String> f = parse(lines.get(2 + r));
            int i = Integer.parseInt(f.get(0)), j = Integer.parseInt(f.get(2));
            assertEquals(m.tokenizer().tokenString(t.tokens().ids()[i]), f.get(1), "tokens as the JSON export spells them");
            assertEquals(m.tokenizer().tokenString(t.tokens().ids()[j]), f.get(3));
            if (h.masked(i, j)) assertEquals("", f.get(4), "no score where masked, like JSON's null");
            else assertEquals(h.score(i, j), Float.parseFloat(f.get(4)), 0);
            assertEquals(h.weight(i, j), Float.parseFloat(f.get(5)), 0);
            assertEquals(h.contribution(i, j), Float.parseFloat(f.get(6)), 0);
            assertEquals(h.masked(i, j), Boolean.parseBoolean(f.get(7)));
        }
    }

    /** A plain RFC 4180 field splitter, independent of the writer. */
    static List<String> parse(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quoted) {
                if (c == '"' && k + 1 < line.length() && line.charAt(k + 1) == '"') {
                    cur.append('"');
                    k++;
                } else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }
}
