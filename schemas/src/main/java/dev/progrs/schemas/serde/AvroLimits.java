package dev.progrs.schemas.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro's own decoding limits, JVM-wide: since 1.11.4 Avro's {@code BinaryDecoder} checks every
 * string length ({@code readString}), bytes length ({@code readBytes}) and collection item count
 * ({@code readArrayStart}/{@code arrayNext}, cumulative per collection) against
 * {@link SystemLimitException}'s limits before it allocates, but they default to Java's largest
 * array (2,147,483,639), which lets a 13-byte record ask for 2 GB. The limits are read from the
 * system properties below once, when {@code SystemLimitException} is initialised, i.e. on the
 * first Avro decode of the process.
 *
 * <p>{@link #install} sets each property that is not already set to {@link DecodeLimits#maxRecordBytes()}
 * (nothing in a record can be longer than the record, and every array or map item of the
 * pipeline's schemas takes at least one byte), before the deserializers' first decode. A property
 * set on the command line ({@code -Dorg.apache.avro.limits.string.maxLength=...}) is kept. If
 * Avro's limits were initialised before (another library decoded first), the values cannot
 * change any more and a warning says so; the per-record check of {@link DeclaredLengths} does not
 * depend on them.
 */
final class AvroLimits {

    private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);
    private static boolean installed;

    private AvroLimits() {
    }

    /** Sets Avro's limits from {@code limits} once per JVM (later calls keep the first). */
    static synchronized void install(DecodeLimits limits) {
        if (installed) {
            return;
        }
        installed = true;
        String max = Integer.toString(limits.maxRecordBytes());
        for (String key : new String[] {SystemLimitException.MAX_STRING_LENGTH_PROPERTY, SystemLimitException.MAX_BYTES_LENGTH_PROPERTY,
                SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY}) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, max);
            }
        }
        String string = System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY);
        boolean fixedEarlier;
        try {
            long set = Long.parseLong(string.trim());
            fixedEarlier = set < DecodeLimits.MAX_ALLOWED_RECORD_BYTES
                    && !refuses(() -> SystemLimitException.checkMaxStringLength(set + 1));
        } catch (NumberFormatException e) {
            fixedEarlier = false; // Avro warns about the value itself and keeps its default
        }
        if (fixedEarlier) {
            LOG.warn("Avro's decoding limits were fixed before the progrs serde could set them (something decoded Avro first): "
                    + "they keep their earlier values; each record is still bounded by its own size. Set -D{}={} (and {}, {}) "
                    + "on the command line to have both.", SystemLimitException.MAX_STRING_LENGTH_PROPERTY, string,
                    SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY);
        } else {
            LOG.info("Avro decoding limits: records up to {} bytes ({}); Avro string {}, bytes {}, collection items {}",
                    limits.maxRecordBytes(), DecodeLimits.MAX_RECORD_BYTES_CONFIG, string,
                    System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY),
                    System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY));
        }
    }

    private static boolean refuses(Runnable check) {
        try {
            check.run();
            return false;
        } catch (SystemLimitException e) {
            return true;
        }
    }
}
