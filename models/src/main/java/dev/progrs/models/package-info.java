/** DJL networks: the policy language model, the quantile-regression PRM, the tokenizer and checkpoints. */
package dev.progrs.models;
