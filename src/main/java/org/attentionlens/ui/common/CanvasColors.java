package org.attentionlens.ui.common;

import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

import java.util.EnumMap;
import java.util.Map;

/**
 * Colours and font for canvas drawing, read from the stylesheet so canvases follow the theme like controls do:
 * one hidden label per role takes its text fill from the role's style class (theme.css maps each to a
 * looked-up colour). Add it to the canvas view's children; redraw on {@link #onChange}.
 */
public final class CanvasColors extends Group {
    public enum Role {
        TEXT("canvas-text"), MUTED("canvas-muted"), ACCENT("canvas-accent"), HOVER("canvas-hover"),
        HATCH("canvas-hatch"), PANEL("canvas-panel"), WINDOW("canvas-window");

        final String styleClass;

        Role(String styleClass) {
            this.styleClass = styleClass;
        }
    }

    private final Map<Role, Label> probes = new EnumMap<>(Role.class);

    public CanvasColors() {
        setManaged(false);
        setVisible(false);
        for (Role r : Role.values()) {
            Label l = new Label("x");
            l.getStyleClass().add(r.styleClass);
            probes.put(r, l);
            getChildren().add(l);
        }
    }

    /** A colour map's packed 0xAARRGGBB value (see {@code viz.ColorMap}) as an opaque JavaFX colour. */
    public static Color of(int argb) {
        return Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff);
    }

    public Color get(Role role) {
        Paint p = probes.get(role).getTextFill();
        return p instanceof Color c ? c : Color.GRAY;
    }

    /** The UI font (follows presentation-mode zoom). */
    public Font font() {
        return probes.get(Role.TEXT).getFont();
    }

    /** Runs r whenever a colour or the font changes (theme switch, font zoom). */
    public void onChange(Runnable r) {
        for (Label l : probes.values()) l.textFillProperty().addListener((o, a, b) -> r.run());
        probes.get(Role.TEXT).fontProperty().addListener((o, a, b) -> r.run());
    }
}
