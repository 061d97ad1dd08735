package org.attentionlens.ui.heads;

import javafx.scene.image.Image;
import org.attentionlens.analysis.HeadStats;

/**
 * One row of the head table: a head's measures on the current text and a sparkline of its weights.
 *
 * @param sparkline the weights downsampled to at most {@link HeadTableViewModel#SPARKLINE} pixels a side
 */
public record HeadRow(HeadStats stats, Image sparkline) {
    public int layer() {
        return stats.layer();
    }

    public int head() {
        return stats.head();
    }

    /** "layer.head", as the rest of the app names heads. */
    public String name() {
        return stats.layer() + "." + stats.head();
    }
}
