/** Problem suites (built-in multi-step arithmetic, benchmark loaders), answer extraction and verification. */
package dev.progrs.tasks;
