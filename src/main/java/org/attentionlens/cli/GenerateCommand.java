package org.attentionlens.cli;

import com.google.gson.GsonBuilder;
import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.AtomicWrite;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.TokenChoice;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.sampling.SamplingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code generate}: KV-cached decoding from a prompt, each step checked against a full recompute. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt token by token with a KV cache; prints the generated text.")
public final class GenerateCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The text to continue.")
    private String prompt;

    @Option(names = "--ids", split = ",", paramLabel = "ID", description = "The prompt as token ids instead of text, "
            + "e.g. 464,3797 (for a model folder without a tokenizer).")
    private int[] ids;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Tokens to generate at most.")
    private int steps;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Divides the logits; 0 = greedy. Default: ${DEFAULT-VALUE}.")
    private double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Keep the K most likely tokens; 0 = off.")
    private int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Keep the smallest set of most likely tokens reaching probability P; 1 = off.")
    private double topP;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the draws. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--trace", paramLabel = "FILE.json", description = "Write every step (token, cache length, check, top 10).")
    private Path trace;

    @Option(names = "--no-check", description = "Skip comparing each step with a full recompute (faster).")
    private boolean noCheck;

    public GenerateCommand() {
        this(ModelProvider.REGISTRY);
    }

    public GenerateCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (steps < 1) throw new CliException("--steps must be at least 1");
        if ((prompt == null) == (ids == null)) throw new CliException("give exactly one of --prompt or --ids");
        DecodeSession session;
        int[] promptIds;
        try {
            SamplingSettings settings = new SamplingSettings(temperature, topK, topP, seed);
            LoadedModel m = model.load(models);
            promptIds = prompt != null ? InputOptions.encode(m, prompt).ids() : ids.clone();
            for (int id : promptIds)
                if (id < 0 || id >= m.config().vocabSize())
                    throw new CliException("token id " + id + " is outside the vocabulary 0…" + (m.config().vocabSize() - 1));
            session = new DecodeSession(m, promptIds, Sampler.of(settings), !noCheck);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        List<DecodeStep> done = new ArrayList<>();
        while (done.size() < steps && session.canStep()) done.add(session.step());
        out.println(session.generatedText());
        out.flush();
        session.stopReason().ifPresent(r -> err.println("(" + r + ")"));
        err.flush();
        if (trace != null) writeTrace(promptIds, session.generatedText(), done);
        return 0;
    }

    private void writeTrace(int[] promptIds, String text, List<DecodeStep> done) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("prompt_ids", promptIds);
        root.put("text", text);
        List<Object> stepList = new ArrayList<>();
        for (DecodeStep s : done) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", s.tokenId());
            o.put("token", s.token());
            o.put("cache_len", s.cacheLen());
            o.put("max_abs_diff_vs_recompute", s.checked() ? s.maxAbsDiffVsRecompute() : null);
            List<Object> top = new ArrayList<>();
            for (TokenChoice t : s.top()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("token", t.text());
                e.put("p", t.p());
                top.add(e);
            }
            o.put("top", top);
            stepList.add(o);
        }
        root.put("steps", stepList);
        String json = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(root);
        try {
            AtomicWrite.write(trace, o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CliException("could not write the trace: " + UserMessage.of(e));
        }
    }
}
