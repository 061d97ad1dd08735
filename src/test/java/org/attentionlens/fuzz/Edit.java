package org.attentionlens.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One mutation of an input: what is done, to which of its files (an index into the sorted file names), and the
 * seed of every random choice it makes; printed with a failure, it says exactly what was done.
 */
record Edit(Kind kind, int file, long seed) {
    /** What an attacker or a clumsy user does to a file. */
    enum Kind {
        /** 1 to 8 bytes set at random; in a safetensors file mostly within the header. */
        BYTE_FLIP,
        /** The file cut short at a random length, 0 included. */
        TRUNCATE,
        /** A JSON value replaced by one of another type: "32", "", [], {}, null, true, Infinity, NaN, deep nesting… */
        TYPE_SWAP,
        /** A JSON value replaced by a huge, negative or fractional number: 2^30, 2^31, 1e300, -1, 1.5… */
        HUGE_NUMBER,
        /** A JSON key or element removed. */
        DROP_KEY,
        /** A JSON value copied under another key or index: ids that collide, tensors listed twice. */
        DUPLICATE,
        /** A safetensors header length rewritten: 0, negative, off by one, past the file, 2^62. */
        HEADER_LENGTH,
        /** A text line (merges.txt, vocab.txt, a pretty-printed JSON) deleted, repeated, swapped or replaced. */
        LINE_EDIT,
        /** The file deleted. */
        DELETE_FILE,
        /** The file replaced by an empty folder of its name. */
        FOLDER_IN_PLACE,
        /** The file replaced by a link: to a sentinel outside the folder, through a chain of links, or to a sibling. */
        LINK,
        /** A shard of the index pointed outside the folder: /etc/passwd, ../, an absolute path, a link, a NUL. */
        SHARD_ESCAPE;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One to three edits (mostly one) of the given kinds, or of every kind. */
    static List<Edit> random(Random rnd, Kind... kinds) {
        Kind[] from = kinds.length == 0 ? Kind.values() : kinds;
        int n = rnd.nextInt(7) < 6 ? 1 : 2 + rnd.nextInt(2);
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < n; i++) edits.add(new Edit(from[rnd.nextInt(from.length)], rnd.nextInt(64), rnd.nextLong()));
        return edits;
    }

    /** The mutation's name in the report: the kind, or "combined" for several edits. */
    static String label(List<Edit> edits) {
        return edits.size() == 1 ? edits.get(0).kind().label() : "combined";
    }
}
