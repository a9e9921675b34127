/** Reward-drift metrics, alerts, Prometheus endpoint and dashboard. */
package dev.progrs.monitor;
