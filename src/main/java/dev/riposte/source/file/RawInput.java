package dev.riposte.source.file;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One document read from a file, or the reason it could not be read.
 *
 * @param origin {@code file} for a whole-file document, {@code file:line} for a JSON Lines line, an
 *               array element or a CloudTrail record (the line where it starts)
 * @param json   the parsed document, null when {@code error} is set
 * @param error  one-line reason the input could not be read (bad JSON, unreadable gzip), else null
 */
public record RawInput(String origin, JsonNode json, String error) {

    public boolean failed() {
        return error != null;
    }
}
