package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.RopeFrequencies;
import org.attentionlens.model.RopeSpec;

/**
 * Reads a family's rotary embedding from config.json in either layout found on disk: transformers 5.x
 * ({@code rope_parameters} {rope_type, rope_theta, partial_rotary_factor, factor, …}, possibly one per layer type)
 * or 4.x ({@code rope_theta} beside {@code rope_scaling} {type or rope_type, factor, …}). Scalings: default, linear,
 * llama3, yarn, longrope (also under its old name "su"); any other is refused by name.
 */
public final class RopeConfig {
    public static final String SUPPORTED = "default, linear, llama3, yarn, longrope";

    private RopeConfig() {
    }

    /**
     * The rotary embedding for layers of the given type ("full_attention", "sliding_attention", or null when the
     * family has one for all layers).
     *
     * @param headDim        Dh
     * @param defaultTheta   θ when the config names none (a family's default)
     * @param rotaryFraction the fraction of each head that turns when the config names none (1, or GPT-NeoX's rotary_pct)
     */
    public static RopeSpec read(HfConfig c, String layerType, int headDim, double defaultTheta, double rotaryFraction)
            throws ModelLoadException {
        HfConfig p = c.object("rope_parameters");
        if (p != null && layerType != null && p.has(layerType)) p = p.object(layerType);
        boolean v5 = p != null && (p.has("rope_type") || p.has("rope_theta"));
        HfConfig params = v5 ? p : c.object("rope_scaling");
        double theta = v5 ? p.positive("rope_theta", c.positive("rope_theta", defaultTheta)) : c.positive("rope_theta", defaultTheta);
        double fraction = params != null && params.has("partial_rotary_factor") ? params.positive("partial_rotary_factor", 1)
                : c.positive("partial_rotary_factor", rotaryFraction);
        if (fraction > 1) throw c.wrong("partial_rotary_factor", null, "a fraction in (0, 1]");
        int rotary = (int) (headDim * fraction);
        if (rotary < 2 || rotary % 2 != 0)
            throw c.unsupported(fraction + " of a " + headDim + "-wide head gives " + rotary
                    + " rotary dimensions; RoPE needs a positive even number.");
        String type = params == null ? "default" : params.string("rope_type", params.string("type", "default"));
        int maxPositions = c.dimension("max_position_embeddings", 0);
        return switch (type) {
            case "default" -> RopeFrequencies.standard(theta, rotary, false);
            case "linear" -> RopeFrequencies.linear(theta, rotary, false, params.positive("factor", 1));
            case "llama3" -> RopeFrequencies.llama3(theta, rotary, false, params.positive("factor", 1),
                    params.positive("low_freq_factor", 1), params.positive("high_freq_factor", 4),
                    required(params, "original_max_position_embeddings"));
            case "yarn" -> {
                int original = params.dimension("original_max_position_embeddings", maxPositions);
                if (original == 0) throw c.unsupported("yarn RoPE needs original_max_position_embeddings.");
                double factor = params.has("factor") ? params.positive("factor", 1) : (double) maxPositions / original;
                yield RopeFrequencies.yarn(theta, rotary, false, factor, original, params.positive("beta_fast", 32),
                        params.positive("beta_slow", 1), params.number("attention_factor", Double.NaN),
                        params.number("mscale", 0), params.number("mscale_all_dim", 0), params.bool("truncate", true));
            }
            case "longrope", "su" -> {
                int original = params.dimension("original_max_position_embeddings",
                        c.dimension("original_max_position_embeddings", 0));
                if (original == 0) throw c.unsupported("longrope RoPE needs original_max_position_embeddings.");
                double[] shortFactors = params.numbers("short_factor"), longFactors = params.numbers("long_factor");
                if (shortFactors == null || longFactors == null)
                    throw c.unsupported("longrope RoPE needs short_factor and long_factor lists.");
                double factor = params.has("factor") ? params.positive("factor", 1) : (double) maxPositions / original;
                try {
                    yield RopeFrequencies.longrope(theta, rotary, false, shortFactors, longFactors, original, factor,
                            params.number("attention_factor", Double.NaN));
                } catch (IllegalArgumentException e) {
                    throw c.unsupported(e.getMessage() + ".");
                }
            }
            default -> throw c.unsupported("RoPE scaling \"" + JsonMessages.excerpt(type) + "\" is not supported (it changes with the "
                    + "sequence length or is unknown here); supported: " + SUPPORTED + ".");
        };
    }

    private static int required(HfConfig p, String key) throws ModelLoadException {
        if (!p.has(key)) throw new ModelLoadException(p.where() + " has no \"" + key + "\", which this RoPE scaling needs.");
        return p.dimension(key);
    }
}
