package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.attentionlens.analysis.compare.RunFolders;
import org.attentionlens.analysis.compare.TrainingTimeline;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * When a training run's heads formed: the checkpoints found in a run folder (each with the trainer's step), measured
 * on the same seeded induction probe. Independent of the text and model the rest of the app shows.
 */
public final class TimelineViewModel extends ResearchViewModel {
    private static final Object OWN = new Object(); // the timeline belongs to its run folder, not to the app's text

    private final ReadOnlyObjectWrapper<TrainingTimeline> timeline = new ReadOnlyObjectWrapper<>(this, "timeline");
    private final BackgroundTask<TrainingTimeline> task = lane();

    public TimelineViewModel(AppState state) {
        super(state);
    }

    public ReadOnlyObjectProperty<TrainingTimeline> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    /** Loads every checkpoint in the run folder's subfolders and measures them. */
    public void open(Path run) {
        run(task, "Timeline of " + run.getFileName(), progress -> {
            List<RunFolders.Found> found = RunFolders.list(run);
            if (found.size() < 2)
                throw new IllegalArgumentException(run + " holds " + found.size() + " checkpoint folders (subfolders with a "
                        + "config.json, e.g. copies kept after each train --stop-at): a timeline needs at least two");
            List<TrainingTimeline.Snapshot> snapshots = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                RunFolders.Found f = found.get(i);
                double at = (double) i / found.size();
                progress.report(0.5 * at, "Loading " + f.folder().getFileName());
                LoadedModel m = state.source().load(f.folder().toString(), (x, w) -> progress.report(0.5 * at, w));
                snapshots.add(new TrainingTimeline.Snapshot(f.folder().getFileName().toString(), f.step().orElse(i),
                        m.transformer(), m.tokenizer()));
            }
            return TrainingTimeline.run(snapshots, (f, w) -> progress.report(0.5 + 0.5 * f, w));
        }, timeline::set);
    }

    @Override
    Object key() {
        return OWN;
    }

    @Override
    void clearResults() {
        timeline.set(null);
    }
}
