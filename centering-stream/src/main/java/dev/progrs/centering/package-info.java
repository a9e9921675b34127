/** PROGRS/GRPO advantage maths and the Kafka Streams topology that completes groups; replay. */
package dev.progrs.centering;
