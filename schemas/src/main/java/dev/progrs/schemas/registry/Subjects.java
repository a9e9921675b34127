package dev.progrs.schemas.registry;

/**
 * Subject naming: Confluent's TopicNameStrategy, {@code {topic}-value} for record values and
 * {@code {topic}-key} for keys, so any Confluent-compatible tool finds the schemas of a topic.
 */
public final class Subjects {
    private Subjects() {
    }

    /** The subject of the values of {@code topic}. */
    public static String value(String topic) {
        return topic + "-value";
    }

    /** The subject of the keys of {@code topic}. */
    public static String key(String topic) {
        return topic + "-key";
    }
}
