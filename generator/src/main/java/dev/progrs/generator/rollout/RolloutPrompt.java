package dev.progrs.generator.rollout;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.wire.Prompt;

/**
 * A prompt ready to be sampled: its wire record and the token ids the policy reads.
 *
 * @param prompt the prompt as published on {@code progrs.prompts}
 * @param ids    its token ids in the policy's prompt format ({@link PromptFormat#promptIds})
 */
public record RolloutPrompt(Prompt prompt, int[] ids) {

    /**
     * Tokenises {@code prompt} for {@code policy}.
     *
     * @throws IllegalArgumentException if the problem has a character the tokenizer does not know, or its
     *                                  tokens leave no room for a response in the policy's context
     */
    public static RolloutPrompt of(Prompt prompt, PolicyModel policy) {
        int[] ids = PromptFormat.promptIds(policy.tokenizer(), prompt.getProblem());
        int context = policy.config().context();
        if (ids.length >= context) {
            throw new IllegalArgumentException("its " + ids.length + " prompt tokens leave no room in the policy context of "
                    + context + " tokens");
        }
        return new RolloutPrompt(prompt, ids);
    }
}
