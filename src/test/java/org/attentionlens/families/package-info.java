/**
 * The independent yardstick for the model families the engine opens: tiny random checkpoints written in each
 * family's exact Hugging Face layout, and a double-precision reference forward pass written from the families'
 * definitions in transformers 5.x (eager attention), sharing no code with the app's model.
 * <ul>
 * <li>{@link org.attentionlens.families.FamilyCases} — the cases (family, 4.x/5.x config layout, dtype, shards, switches);</li>
 * <li>{@link org.attentionlens.families.FamilyCheckpoint} — writes a case's folder (config.json, generation_config.json,
 *     model.safetensors or two shards and their index) or opens any folder, and gives the stored tensors;</li>
 * <li>{@link org.attentionlens.families.ReferenceForward} — reads the folder's config.json and runs ids through the
 *     family's definition: {@link org.attentionlens.families.Reference} (attentions, last hidden state, last logits);</li>
 * <li>{@code *Layout} — how each family's folder looks; {@code *Ref} — each family's definition as a description for the
 *     shared {@link org.attentionlens.families.CausalDecoder} core, or {@link org.attentionlens.families.EncoderRef}.</li>
 * </ul>
 * The yardstick is itself checked against transformers (HfReferenceTest, on the checkpoints in
 * src/test/resources/hf-reference), for well-formed attention (FamilyYardstickTest) and by cross-family invariants
 * (FamilyInvariantsTest). Run them with {@code mvn -o -q test -Dtest='org/attentionlens/families/*'}.
 */
package org.attentionlens.families;
