package dev.riposte.source.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a {@code .json} file as a stream of documents without loading it whole: a top-level array
 * gives its elements, a CloudTrail log file ({@code {"Records":[...]}}) gives its records, any
 * other value (or several concatenated values) gives itself. After a syntax error the rest of the
 * file cannot be trusted, so it ends with one error entry.
 */
final class JsonDocuments extends InputIterator {
    private JsonParser parser;
    /** Inside a top-level array or a Records array: elements are read one at a time. */
    private boolean inArray;

    private int roots;

    JsonDocuments(Path path) {
        super(path);
    }

    @Override
    RawInput advance() {
        try {
            if (parser == null) {
                parser = Readers.MAPPER.getFactory().createParser(input());
            }
            while (true) {
                JsonToken t = parser.nextToken();
                if (inArray) {
                    if (t == JsonToken.END_ARRAY) {
                        inArray = false;
                        skipRestOfRecordsObject();
                        continue;
                    }
                    int line = parser.currentTokenLocation().getLineNr();
                    return new RawInput(name + ":" + line, Readers.tree(parser), null);
                }
                if (t == null) {
                    return finish();
                }
                roots++;
                int line = parser.currentTokenLocation().getLineNr();
                if (t == JsonToken.START_ARRAY) {
                    inArray = true;
                    continue;
                }
                if (t == JsonToken.START_OBJECT) {
                    RawInput whole = objectOrRecords(line);
                    if (whole != null) {
                        return whole;
                    }
                    continue;
                }
                return new RawInput(originFor(line), Readers.tree(parser), null);
            }
        } catch (IOException | RuntimeException e) {
            int line = parser == null ? 0 : parser.currentLocation().getLineNr();
            finish();
            String reason = e instanceof IOException io
                    ? Readers.reason(io, true)
                    : "cannot read: " + Readers.firstLine(e.toString());
            return new RawInput(line > 0 ? name + ":" + line : name, null, reason);
        }
    }

    /**
     * At the start of an object: when its first field is a {@code Records} array, switch to
     * streaming the records and return null; otherwise read the whole object and return it.
     */
    private RawInput objectOrRecords(int line) throws IOException {
        ObjectNode obj = Readers.MAPPER.createObjectNode();
        JsonToken t = parser.nextToken();
        if (t == JsonToken.FIELD_NAME && "Records".equals(parser.currentName())) {
            JsonToken v = parser.nextToken();
            if (v == JsonToken.START_ARRAY) {
                inArray = true;
                return null;
            }
            obj.set("Records", Readers.tree(parser));
            t = parser.nextToken();
        }
        while (t == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            JsonNode value = Readers.tree(parser);
            obj.set(field, value);
            t = parser.nextToken();
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected end of input");
        }
        return new RawInput(originFor(line), obj, null);
    }

    /** After a Records array, the CloudTrail file's object may hold more fields: they are skipped. */
    private void skipRestOfRecordsObject() throws IOException {
        if (parser.getParsingContext().inObject()) {
            JsonToken t = parser.nextToken();
            while (t == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
                t = parser.nextToken();
            }
        }
    }

    /** The first root value of a file is the file; later ones (concatenated JSON) carry their line. */
    private String originFor(int line) {
        return roots == 1 ? name : name + ":" + line;
    }

    private RawInput finish() {
        close();
        return null;
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
        } catch (IOException ignored) {
            // nothing left to read; a close failure changes no result
        }
        super.close();
    }
}
