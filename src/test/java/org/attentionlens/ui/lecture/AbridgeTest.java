package org.attentionlens.ui.lecture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which rows and columns an abridged table keeps; -1 marks a gap ("…"). */
class AbridgeTest {

    @Test
    void smallTablesShowEverything() {
        assertEquals(List.of(0, 1, 2, 3), Abridge.indices(4, 4, 1, 1, 2));
    }

    @Test
    void largeTablesKeepTheEdgesTheFocusWithItsNeighboursAndTheExtras() {
        assertEquals(List.of(0, 1, 2, 3, -1, 382, 383), Abridge.indices(384, 9, 4, 2, -1));
        assertEquals(List.of(0, 1, -1, 10, 11, 12, -1, 30, -1, 38, 39), Abridge.indices(40, 9, 2, 2, 11, 30));
        assertEquals(List.of(0, 1, 2, -1, 16), Abridge.indices(17, 4, 2, 1, 1), "focus next to the edge: no gap");
        assertEquals(List.of(0, -1, 16), Abridge.indices(17, 2, 1, 1, -1, 99, -5), "extras outside are ignored");
    }
}
