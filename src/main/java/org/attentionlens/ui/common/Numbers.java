package org.attentionlens.ui.common;

import java.util.Locale;

/** Number formats shared by views: legends, hover boxes, details. */
public final class Numbers {
    private Numbers() {
    }

    /** About four significant figures, switching to exponent form for very small or large magnitudes. */
    public static String compact(double v) {
        double a = Math.abs(v);
        if (v == 0) return "0";
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.2e", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.2f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.3f", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Fixed six decimals for the cell details, where readers check arithmetic by hand. */
    public static String exact(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * For slides read from the back of a room: three decimals and a true minus sign (−), exponent form only
     * below 0.0005 or from 10 000 up; ±∞ for masked scores.
     */
    public static String slide(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        String s;
        if (a == 0) s = "0";
        else if (a >= 0.0005 && a < 10000) s = String.format(Locale.ROOT, "%.3f", v);
        else s = String.format(Locale.ROOT, "%.2e", v);
        return s.replace('-', '−');
    }

    /** Bytes in binary units: "512 B", "1.5 KiB", "36.0 MiB". */
    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

}
