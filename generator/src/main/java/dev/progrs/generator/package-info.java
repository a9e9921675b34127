/** Prompt feeder and generator workers. */
package dev.progrs.generator;
