package org.attentionlens.ui.lecture;

import java.util.Locale;

/** How the lecture prints a number: three decimals, a true minus sign, scientific only when tiny or huge. */
public final class Num {
    private Num() {
    }

    public static String format(double x) {
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "−∞";
        if (Double.isNaN(x)) return "NaN";
        double a = Math.abs(x);
        String s;
        if (a == 0) s = "0";
        else if (a >= 0.0005 && a < 10000) s = String.format(Locale.ROOT, "%.3f", x);
        else s = String.format(Locale.ROOT, "%.2e", x);
        return s.replace('-', '−');
    }
}
