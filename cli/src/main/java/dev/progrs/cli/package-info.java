/** The progrs command: embedded broker and registry, and every worker and tool as a subcommand. */
package dev.progrs.cli;
