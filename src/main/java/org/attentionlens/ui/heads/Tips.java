package org.attentionlens.ui.heads;

import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/** Tooltips of the head table tab: wrapped, quick to show, long to stay (definitions take a while to read). */
final class Tips {
    private Tips() {
    }

    static Tooltip of(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(480);
        t.setShowDelay(Duration.millis(250));
        t.setShowDuration(Duration.seconds(60));
        return t;
    }
}
