/** Asynchronous GRPO updates and policy-version publication. */
package dev.progrs.learner;
