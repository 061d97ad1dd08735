package org.attentionlens.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.attentionlens.viz.ScaleOptions;

import java.util.List;
import java.util.Locale;

/**
 * The colour-scale controls over the matrices: the curve (linear, log, per row), the clamp, and leaving the sink
 * and special columns out. Edits one {@link ScaleOptions} property that a view model colours by.
 */
public final class ScaleControls extends HBox {
    private static final List<Double> CLAMPS = List.of(1.0, 0.5, 0.2, 0.1, 0.05, 0.02);

    public ScaleControls(ObjectProperty<ScaleOptions> options) {
        super(6);
        getStyleClass().add("scale-controls");
        setAlignment(Pos.CENTER_LEFT);
        ComboBox<ScaleOptions.Mode> mode = new ComboBox<>(FXCollections.observableArrayList(ScaleOptions.Mode.values()));
        mode.setId("scale-mode");
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(ScaleOptions.Mode m) {
                return m == null ? "" : m.label();
            }

            @Override
            public ScaleOptions.Mode fromString(String s) {
                return null;
            }
        });
        mode.setTooltip(new Tooltip("Colour scale: linear; log (three decades: small weights show next to large "
                + "ones); or per row (each row divided by its own largest value)"));
        ComboBox<Double> clamp = new ComboBox<>(FXCollections.observableArrayList(CLAMPS));
        clamp.setId("scale-clamp");
        clamp.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double c) {
                return c == null ? "" : c == 1 ? "no clamp" : String.format(Locale.ROOT, "clamp %.0f%%", c * 100);
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        clamp.setTooltip(new Tooltip("Clamp: the top colour is reached at this share of the largest value; larger "
                + "values saturate, smaller ones get the whole range"));
        ToggleButton hide = new ToggleButton("Hide sinks");
        hide.setId("scale-hide-sinks");
        hide.setTooltip(new Tooltip("Grey out position 0 and special tokens ([CLS], [SEP], <|endoftext|>) and leave them "
                + "out of the scale: at long texts they take most of the weight and the rest looks uniformly dark"));
        Label title = new Label("Colours");
        title.getStyleClass().add("muted");
        for (Region r : List.of(title, mode, clamp, hide)) r.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(title, mode, clamp, hide);
        Runnable show = () -> {
            ScaleOptions o = options.get();
            mode.setValue(o.mode());
            clamp.setValue(o.clamp());
            hide.setSelected(o.hideSinks());
        };
        show.run();
        options.addListener((obs, a, b) -> show.run());
        mode.valueProperty().addListener((obs, a, m) -> {
            if (m != null) options.set(options.get().withMode(m));
        });
        clamp.valueProperty().addListener((obs, a, c) -> {
            if (c != null) options.set(options.get().withClamp(c));
        });
        hide.selectedProperty().addListener((obs, a, h) -> options.set(options.get().withHideSinks(h)));
    }
}
