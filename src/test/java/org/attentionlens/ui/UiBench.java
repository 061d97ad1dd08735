package org.attentionlens.ui;

import javafx.application.Platform;
import javafx.stage.Stage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.common.ImageExport;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.head.HeadViewModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * Draw-time benchmark of the real window (not a unit test: timings are reported, never asserted), and a
 * tour that saves snapshots of every view for looking at them. Run headless:
 * <pre>java --add-modules jdk.incubator.vector -Dglass.platform=Monocle -Dmonocle.platform=Headless
 *   -Dheadless.geometry=1600x1000-32 -Dprism.order=sw -Dattentionlens.prefs=bench -cp target/classes:target/test-classes:DEPS
 *   org.attentionlens.ui.UiBench [model-id] [tokens] [snapshot-dir]</pre>
 * model-id "random-12x12" is GPT-2-small's attention shape (12 layers × 12 heads, Dh 64) on random weights;
 * "llama-1b-random" Llama-3.2-1B's (16 layers × 32 heads over 8 KV heads, RoPE, BF16) with a word tokenizer.
 */
public final class UiBench {
    private UiBench() {
    }

    public static void main(String[] args) throws Exception {
        String id = args.length > 0 ? args[0] : "random-12x12";
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path shots = args.length > 2 ? Path.of(args[2]) : null;
        if (shots != null) Files.createDirectories(shots);
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Settings settings = Settings.open();
        settings.clear();
        AppState state = onFx(() -> new AppState(source(), TaskExecutor.fx(Background.executor()), settings));
        STATUS[0] = () -> state.statusProperty().get() + " / trace " + (state.trace() == null ? "none" : state.trace().length());
        MainWindow window = onFx(() -> {
            MainWindow w = new MainWindow(state);
            Stage stage = new Stage();
            w.show(stage); // as large as the screen allows (run with -Dheadless.geometry=1600x1000 for a larger one)
            return w;
        });
        onFx(() -> {
            state.analyse("The cat sat on the mat");
            state.loadModel(id);
            return null;
        });
        await(() -> state.trace() != null);
        snap(window, shots, "heads-short");
        if (shots != null) {
            Path empty = Files.createTempDirectory("not-a-model");
            onFx(() -> {
                state.openFolder(empty);
                return null;
            });
            await(() -> javafx.stage.Window.getWindows().stream().anyMatch(w -> w.getScene() != null
                    && w.getScene().lookup("#load-error") != null));
            Thread.sleep(500);
            var dialog = onFx(() -> javafx.stage.Window.getWindows().stream().filter(w -> w.getScene().lookup("#load-error") != null)
                    .findFirst().orElseThrow().getScene().getRoot().snapshot(null, null));
            ImageExport.writePng(dialog, shots.resolve("error-dialog.png"));
            onFx(() -> {
                javafx.stage.Window.getWindows().stream().filter(w -> w.getScene().lookup("#load-error") != null)
                        .findFirst().ifPresent(javafx.stage.Window::hide);
                return null;
            });
            onFx(() -> {
                window.tabs().getSelectionModel().select(2);
                window.linesView().allHeadsToggle().setSelected(true);
                state.selectHead(2, 0);
                return null;
            });
            Thread.sleep(1500);
            snap(window, shots, "lines-all-heads");
            onFx(() -> {
                window.linesView().allHeadsToggle().setSelected(false);
                window.tabs().getSelectionModel().select(0);
                window.setFontSize(MainWindow.FONT_PRESENTATION);
                window.setHighContrast(true);
                return null;
            });
            snap(window, shots, "heads-presentation-contrast");
            onFx(() -> {
                window.setDark(true);
                return null;
            });
            snap(window, shots, "heads-presentation-contrast-dark");
            onFx(() -> {
                window.setDark(false);
                window.setHighContrast(false);
                window.setFontSize(MainWindow.FONT_DEFAULT);
                return null;
            });
        }

        // a text of exactly `tokens` tokens (BERT adds [CLS] and [SEP])
        String text = longText(state, tokens);
        int T = onFx(() -> state.model().tokenizer().encode(text).size()); // at most `tokens`: whole words only
        // pass end (the trace arrives on the FX thread) → the first laid-out frame showing every head's thumbnail
        // (and the FX thread's own CPU time in between: wall time minus it is waiting for a core under contention)
        long[] passEnd = new long[2], shown = new long[2];
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        onFx(() -> {
            state.traceProperty().addListener((o, a, b) -> {
                passEnd[0] = System.nanoTime();
                passEnd[1] = cpu.getCurrentThreadCpuTime();
                shown[0] = 0;
            });
            window.scene().addPostLayoutPulseListener(() -> {
                var t = window.gridView().viewModel().thumbnailsProperty().get();
                if (shown[0] == 0 && t != null && t.trace() == state.trace()) {
                    shown[0] = System.nanoTime();
                    shown[1] = cpu.getCurrentThreadCpuTime();
                }
            });
            return null;
        });
        int runs = Integer.getInteger("bench.runs", 3); // -Dbench.runs=1 when a 1B pass takes minutes
        double[] modelViewCpu = new double[runs];
        double[] modelView = new double[runs];
        for (int run = 0; run < runs; run++) {
            String t = run == 0 ? text : text.replaceFirst("the", run == 1 ? "a" : "one");
            onFx(() -> {
                window.tabs().getSelectionModel().select(1);
                state.analyse(t);
                return null;
            });
            // the previous thumbnails, held only as long as this wait (they hold a whole pass: the heap figure below
            // must not count it)
            var previous = new java.lang.ref.WeakReference<>(window.gridView().viewModel().thumbnailsProperty().get());
            await(() -> {
                var now = window.gridView().viewModel().thumbnailsProperty().get();
                var before = previous.get();
                if (!window.gridView().viewModel().errorProperty().get().isEmpty())
                    throw new IllegalStateException("model view: " + window.gridView().viewModel().errorProperty().get());
                return state.trace() != null && !state.busyProperty().get() && state.trace().length() == T
                        && now != null && now != before && now.trace() == state.trace();
            });
            await(() -> shown[0] != 0);
            modelView[run] = (shown[0] - passEnd[0]) / 1e6;
            modelViewCpu[run] = (shown[1] - passEnd[1]) / 1e6;
            System.out.printf(Locale.ROOT, "%s (forward %.0f ms); pass end → Model view of %d heads on screen %.0f ms "
                            + "(FX-thread CPU %.0f ms)%n", state.timingsProperty().get(), state.trace().nanos() / 1e6,
                    state.trace().config().layers() * state.trace().config().heads(), modelView[run], modelViewCpu[run]);
        }
        Arrays.sort(modelView);
        Arrays.sort(modelViewCpu);
        System.out.printf(Locale.ROOT, "pass end → Model view shown: median %.0f ms of %d (FX-thread CPU median %.0f ms)%n",
                modelView[runs / 2], runs, modelViewCpu[runs / 2]);
        scroll(window);
        heap(state.trace());
        snap(window, shots, "model-view-long");
        thumbnailsAlone(state.trace());
        onFx(() -> {
            window.tabs().getSelectionModel().select(0);
            state.selectHead(1, 3);
            return null;
        });
        await(() -> {
            HeadViewModel.Rendered r = window.headView().viewModel().renderedProperty().get();
            return r != null && r.matrices().T() == T && r.matrices().head() == 3;
        });
        Thread.sleep(300);
        hover(window, T);
        snap(window, shots, "heads-long");
        linesHover(window, T);
        headTableSort(window);
        if (shots != null) {
            onFx(() -> {
                window.tabs().getSelectionModel().select(2);
                return null;
            });
            Thread.sleep(800);
            snap(window, shots, "lines-long");
        }
        Platform.exit();
        System.exit(0);
    }

    /** Scrolling the Model view from top to bottom: FX-thread time per scroll step (a layout and a pulse's work). */
    private static void scroll(MainWindow window) throws Exception {
        var pane = onFx(() -> (javafx.scene.control.ScrollPane) window.gridView().lookup(".scroll-pane"));
        if (pane == null) return;
        long[] ns = onFx(() -> {
            long[] out = new long[50];
            for (int k = 0; k < out.length; k++) {
                long t0 = System.nanoTime();
                pane.setVvalue((double) (k + 1) / out.length);
                pane.layout();
                out[k] = System.nanoTime() - t0;
            }
            return out;
        });
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "Model view scroll step (layout on the FX thread): median %.2f ms, max %.2f ms%n",
                ns[ns.length / 2] / 1e6, ns[ns.length - 1] / 1e6);
    }

    /**
     * Heap in use after a full collection with the trace and every view's state held, against what one T×T matrix
     * per head of every layer (L·H·T² floats) would take: memory stays linear in tokens when it is far below.
     */
    private static void heap(org.attentionlens.model.AttentionTrace trace) {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        double used = (rt.totalMemory() - rt.freeMemory()) / 1e6;
        long T = trace.length(), LH = (long) trace.config().layers() * trace.config().heads();
        System.out.printf(Locale.ROOT, "heap after GC with the trace and every view held: %.0f MB (L·H·T² floats would be %.0f MB)%n",
                used, LH * T * T * 4 / 1e6);
    }

    /** Sorting the Head table of every head by each numeric column in turn, FX-thread time per sort and layout. */
    private static void headTableSort(MainWindow window) throws Exception {
        onFx(() -> {
            window.tabs().getSelectionModel().select(window.tabs().getTabs().stream()
                    .filter(t -> t.getText().equals("Head table")).findFirst().orElseThrow());
            return null;
        });
        @SuppressWarnings("unchecked")
        var table = onFx(() -> (javafx.scene.control.TableView<Object>) window.root().lookup("#head-table"));
        int heads = onFx(() -> window.state().trace().config().layers() * window.state().trace().config().heads());
        long t0 = System.nanoTime();
        await(() -> table.getItems().size() == heads);
        double measures = (System.nanoTime() - t0) / 1e6;
        long[] ns = onFx(() -> {
            var cols = table.getColumns();
            long[] out = new long[2 * cols.size()];
            for (int k = 0; k < out.length; k++) {
                var col = cols.get(k % cols.size());
                col.setSortType(k < cols.size() ? javafx.scene.control.TableColumn.SortType.DESCENDING
                        : javafx.scene.control.TableColumn.SortType.ASCENDING);
                long s0 = System.nanoTime();
                table.getSortOrder().setAll(java.util.List.of(col));
                table.sort();
                table.layout();
                out[k] = System.nanoTime() - s0;
            }
            return out;
        });
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "Head table, %d heads (measures ready %.0f ms after opening the tab): sort and "
                + "layout on the FX thread median %.2f ms, max %.2f ms over %d sorts%n", heads, measures,
                ns[ns.length / 2] / 1e6, ns[ns.length - 1] / 1e6, ns.length);
    }

    /** The rasterising work alone (no FX thread): all heads in parallel, then on one thread, with CPU time. */
    private static void thumbnailsAlone(org.attentionlens.model.AttentionTrace trace) {
        int L = trace.config().layers(), H = trace.config().heads();
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            java.util.stream.IntStream.range(0, L * H).parallel()
                    .forEach(k -> org.attentionlens.ui.grid.ModelGridViewModel.thumbnail(trace, k / H, k % H, false));
            long par = System.nanoTime() - t0;
            long c0 = bean.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            for (int k = 0; k < L * H; k++) org.attentionlens.ui.grid.ModelGridViewModel.thumbnail(trace, k / H, k % H, false);
            long one = System.nanoTime() - t0, cpu = bean.getCurrentThreadCpuTime() - c0;
            System.out.printf(Locale.ROOT, "thumbnails alone, %d heads at %d tokens: parallel %.0f ms wall; one thread %.0f ms wall, %.0f ms CPU%n",
                    L * H, trace.length(), par / 1e6, one / 1e6, cpu / 1e6);
        }
    }

    /** Hover frame cost on the FX thread: one shared hover change repaints the three overlays and the readout. */
    private static void hover(MainWindow window, int T) throws Exception {
        HeadViewModel vm = window.headView().viewModel();
        List<HeatmapView> views = window.headView().matrices();
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpu = new long[1];
        long[] frame = onFx(() -> {
            long[] ns = new long[400];
            long c0 = bean.getCurrentThreadCpuTime();
            for (int k = 0; k < ns.length; k++) {
                Cell c = new Cell((k * 37) % T, (k * 91) % T);
                long t0 = System.nanoTime();
                vm.hoverProperty().set(c);
                ns[k] = System.nanoTime() - t0;
            }
            cpu[0] = (bean.getCurrentThreadCpuTime() - c0) / ns.length;
            return ns;
        });
        System.out.printf(Locale.ROOT, "hover: mean FX-thread CPU per hover %.3f ms%n", cpu[0] / 1e6);
        long[] sorted = frame.clone();
        Arrays.sort(sorted);
        long full = onFx(() -> {
            long t0 = System.nanoTime();
            for (HeatmapView v : views) v.selectedCellProperty().set(new Cell(1, 1));
            return views.get(1).baseNanos();
        });
        System.out.printf(Locale.ROOT, "hover at %d tokens (3 overlays + readout): median %.3f ms, p95 %.3f ms, max %.3f ms;"
                        + " one full matrix repaint (zoom/resize) %.2f ms%n", T, sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length * 95 / 100] / 1e6, sorted[sorted.length - 1] / 1e6, full / 1e6);
    }

    /**
     * The Lines view at T tokens with every head of the layer: the picture of all faint lines drawn off the FX
     * thread (once per text and size), then hovers, each repainting only the overlay (the 10.8 s per hover
     * at 258 tokens was the whole canvas redrawn). One frame is 16.7 ms.
     */
    private static void linesHover(MainWindow window, int T) throws Exception {
        var lines = window.linesView();
        long t0 = System.nanoTime();
        onFx(() -> {
            window.tabs().getSelectionModel().select(2);
            lines.allHeadsToggle().setSelected(true);
            return null;
        });
        await(() -> {
            var p = lines.viewModel().pictureProperty().get();
            return p != null && p.lines().T() == T && p.lines().heads().length > 1;
        });
        double picture = (System.nanoTime() - t0) / 1e6;
        long[] ns = onFx(() -> {
            long[] out = new long[200];
            for (int k = 0; k < out.length; k++) {
                long s0 = System.nanoTime();
                lines.hover((k * 37) % T);
                out[k] = System.nanoTime() - s0;
            }
            return out;
        });
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "lines, all %d heads at %d tokens: picture of every row's lines %.0f ms (off the "
                        + "FX thread); hover on the FX thread: median %.2f ms, p95 %.2f ms, max %.2f ms (frame 16.7 ms)%n",
                lines.viewModel().linesProperty().get().heads().length, T, picture, ns[ns.length / 2] / 1e6,
                ns[ns.length * 95 / 100] / 1e6, ns[ns.length - 1] / 1e6);
    }

    private static String longText(AppState state, int tokens) {
        String base = "the quick brown fox jumps over the lazy dog while the cat sat on the mat and watched ";
        StringBuilder sb = new StringBuilder();
        while (state.model().tokenizer().encode(sb.toString()).size() < tokens) sb.append(base);
        String[] words = sb.toString().split(" ");
        for (int n = words.length; n > 0; n--) {
            String t = String.join(" ", Arrays.copyOf(words, n));
            if (state.model().tokenizer().encode(t).size() <= tokens) return t;
        }
        return sb.toString();
    }

    private static ModelProvider source() {
        return new ModelProvider() {
            @Override
            public LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
                if (idOrFolder.equals("llama-1b-random"))
                    return new LoadedModel(idOrFolder, "random Llama-3.2-1B shapes (BF16)", RandomWeights.create(
                            RandomWeights.llama1b(), 1, Kernels.best(), org.attentionlens.tensor.DType.BF16),
                            new TestModels.WordTokenizer(false));
                if (!idOrFolder.equals("random-12x12")) return ModelProvider.REGISTRY.load(idOrFolder, progress);
                ModelSpec c = ModelSpec.gpt2("random-12x12", 12, 12, 768, 3072, 1000, 1024, 1e-5f);
                return new LoadedModel(c.id(), "random 12×12 (GPT-2-small heads)", RandomWeights.create(c, 1, Kernels.best()),
                        new TestModels.WordTokenizer(false));
            }

            @Override
            public List<String> builtIns() {
                return ModelProvider.REGISTRY.builtIns();
            }
        };
    }

    private static void snap(MainWindow w, Path dir, String name) throws Exception {
        if (dir == null) return;
        Thread.sleep(400);
        var img = onFx(() -> ImageExport.snapshot(w.root(), 1));
        ImageExport.writePng(img, dir.resolve(name + ".png"));
    }

    private static void await(BooleanSupplier c) throws Exception {
        long end = System.nanoTime() + 1_200_000_000_000L; // a 2,048-token pass of 1B under contention takes minutes
        while (!onFx(c::getAsBoolean)) {
            if (System.nanoTime() > end) throw new IllegalStateException("timed out; status: " + STATUS[0].get());
            Thread.sleep(20);
        }
    }

    /** What the status bar says, for a timeout's message. */
    private static final java.util.function.Supplier<?>[] STATUS = {() -> ""};

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(c);
        Platform.runLater(f);
        return f.get();
    }
}
