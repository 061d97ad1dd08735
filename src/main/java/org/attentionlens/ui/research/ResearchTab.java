package org.attentionlens.ui.research;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.geometry.Insets;
import javafx.scene.layout.BorderPane;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;

/**
 * The Research tab: one sub-tab per method (logit lens, attribution, patching, knockout and ablation, circuit scores,
 * two checkpoints, a run's timeline), so each gets the whole area at 1280 × 720 and a lecturer can show one at a time.
 * A pane works only while both this tab and its own sub-tab are shown.
 */
public final class ResearchTab extends BorderPane {
    private final TabPane methods = new TabPane();
    private final LensViewModel lens;
    private final AttributionViewModel attribution;
    private final PatchingViewModel patching;
    private final KnockoutViewModel knockout;
    private final CircuitsViewModel circuits;
    private final CompareViewModel compare;
    private final TimelineViewModel timeline;
    /** Each pane's "shown" condition, held here: a binding only weakly held by what it observes would be collected. */
    private final List<BooleanBinding> shown = new ArrayList<>();

    /** A research area that follows the app's state whenever {@code showing} is true. */
    public ResearchTab(AppState state, ObservableBooleanValue showing) {
        getStyleClass().add("research-view");
        getStylesheets().add(ResearchTab.class.getResource("research.css").toExternalForm());
        lens = new LensViewModel(state);
        attribution = new AttributionViewModel(state);
        patching = new PatchingViewModel(state);
        knockout = new KnockoutViewModel(state);
        circuits = new CircuitsViewModel(state);
        compare = new CompareViewModel(state);
        timeline = new TimelineViewModel(state);
        add("Logit lens", new LensPane(lens), lens, showing, "Every layer's residual stream read through the final norm and the head");
        add("Attribution", new AttributionPane(attribution), attribution, showing, "Each head's and MLP's direct share of a logit difference");
        add("Patching", new PatchingPane(patching), patching, showing, "Clean activations patched into a corrupted run");
        add("Knockout", new KnockoutPane(knockout), knockout, showing, "Attention edges blocked, heads zeroed or mean-ablated");
        add("Circuits", new CircuitsPane(circuits), circuits, showing, "QK and OV circuit scores from the weights");
        add("Compare", new ComparePane(compare), compare, showing, "Two checkpoints of one model, head by head");
        add("Timeline", new TimelinePane(timeline), timeline, showing, "When a training run's heads formed");
        methods.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        methods.setId("research-methods");
        setCenter(methods);
    }

    private void add(String title, Node pane, ResearchViewModel vm, ObservableBooleanValue showing, String tip) {
        BorderPane padded = new BorderPane(pane);
        padded.setPadding(new Insets(6, 10, 6, 10));
        Tab t = new Tab(title, padded);
        t.setTooltip(new Tooltip(tip));
        methods.getTabs().add(t);
        BooleanBinding on = Bindings.and(showing, t.selectedProperty());
        shown.add(on);
        on.addListener((o, a, b) -> vm.setActive(b));
        vm.setActive(on.get());
    }

    public TabPane methods() {
        return methods;
    }

    public LensViewModel lens() {
        return lens;
    }

    public AttributionViewModel attribution() {
        return attribution;
    }

    public PatchingViewModel patching() {
        return patching;
    }

    public KnockoutViewModel knockout() {
        return knockout;
    }

    public CircuitsViewModel circuits() {
        return circuits;
    }

    public CompareViewModel compare() {
        return compare;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }
}
