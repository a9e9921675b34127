package dev.progrs.cli.kafka;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON string quoting for the few hand-assembled envelope lines of {@code dump}. */
final class JsonText {
    private JsonText() {
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
