package org.attentionlens.ui.common;

import javafx.beans.InvalidationListener;

import java.util.ArrayList;
import java.util.List;

/**
 * The zoom and pan of matrices shown side by side: scrolling or dragging one moves all of them, as hover does,
 * so the same cells stay in view. Legend: T cells a side; zoom ≥ 1; (ox, oy) the first visible column and row,
 * in cells. FX thread only.
 */
public final class Viewport {
    private final List<InvalidationListener> listeners = new ArrayList<>();
    private int T;
    private double zoom = 1, ox, oy;

    public double zoom() {
        return zoom;
    }

    public double ox() {
        return ox;
    }

    public double oy() {
        return oy;
    }

    /** Cells visible across at this zoom. */
    public double visible() {
        return T / zoom;
    }

    /** A matrix of T cells a side is shown: a new size resets zoom and pan. */
    void size(int t) {
        if (t == T) return;
        T = t;
        set(1, 0, 0);
    }

    /** Zoom and origin, clamped so the view stays on the matrix; listeners redraw. */
    public void set(double newZoom, double newOx, double newOy) {
        zoom = Math.max(1, Math.min(Math.max(1, T / 4.0), newZoom));
        ox = clamp(newOx);
        oy = clamp(newOy);
        for (InvalidationListener l : List.copyOf(listeners)) l.invalidated(null);
    }

    public void fit() {
        set(1, 0, 0);
    }

    void addListener(InvalidationListener l) {
        listeners.add(l);
    }

    void removeListener(InvalidationListener l) {
        listeners.remove(l);
    }

    private double clamp(double o) {
        return Math.max(0, Math.min(T - T / zoom, o));
    }
}
