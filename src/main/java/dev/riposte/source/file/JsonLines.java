package dev.riposte.source.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a JSON Lines file one line at a time (blank lines skipped). A bad line gives an error entry
 * and reading goes on with the next line; a line longer than {@link Readers#MAX_LINE} bytes is skipped
 * without being held in memory.
 *
 * <p>Lines are found in a byte buffer and parsed from it as UTF-8: no per-character reads and no
 * String copy per line (a char-by-char Reader loop was most of replay's parse cost).
 */
final class JsonLines extends InputIterator {
    private byte[] buf = new byte[1 << 16];
    /** Unread bytes are {@code buf[pos, end)}. */
    private int pos;

    private int end;
    private boolean eof;
    /** The current line is {@code buf[lineStart, lineEnd)} after {@link #readLine} returned {@link #OK}. */
    private int lineStart;

    private int lineEnd;
    private int lineNo;

    JsonLines(Path path) {
        super(path);
    }

    @Override
    RawInput advance() {
        try {
            while (true) {
                int state = readLine();
                if (state == EOF) {
                    close();
                    return null;
                }
                String origin = name + ":" + lineNo;
                if (state == TOO_LONG) {
                    return new RawInput(origin, null, "too large: line longer than " + Readers.MAX_LINE + " bytes");
                }
                if (blank()) {
                    continue;
                }
                try {
                    JsonNode n = Readers.MAPPER.readTree(buf, lineStart, lineEnd - lineStart);
                    return new RawInput(origin, n, null);
                } catch (IOException e) {
                    return new RawInput(origin, null, Readers.reason(e, false));
                }
            }
        } catch (IOException e) {
            close();
            return new RawInput(lineNo > 0 ? name + ":" + lineNo : name, null, Readers.reason(e, false));
        }
    }

    private static final int EOF = 0;
    private static final int OK = 1;
    private static final int TOO_LONG = 2;

    /** Finds the next line in the buffer, refilling it as needed; bytes past the limit are read and dropped. */
    private int readLine() throws IOException {
        boolean tooLong = false;
        int scanned = pos;
        while (true) {
            int nl = indexOf('\n', scanned, end);
            if (nl >= 0) {
                return line(nl, nl + 1, tooLong);
            }
            if (end - pos > Readers.MAX_LINE) {
                tooLong = true; // drop what we have of this line and keep looking for its end
                pos = end;
            }
            int searched = end - pos; // fill() moves the unread bytes to the front
            if (eof || !fill()) {
                if (pos == end && !tooLong) {
                    return EOF;
                }
                return line(end, end, tooLong);
            }
            scanned = pos + searched;
        }
    }

    /** The line ends at {@code nl} (exclusive, a trailing CR dropped); reading goes on at {@code resume}. */
    private int line(int nl, int resume, boolean tooLong) {
        lineNo++;
        lineStart = pos;
        lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        pos = resume;
        if (tooLong || lineEnd - lineStart > Readers.MAX_LINE) {
            return TOO_LONG;
        }
        return OK;
    }

    /** Moves the unread bytes to the front (growing the buffer up to the line limit) and reads more; false at end of input. */
    private boolean fill() throws IOException {
        int unread = end - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
        } else if (unread == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, Readers.MAX_LINE + 2));
        }
        pos = 0;
        end = unread;
        int n = input().read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    private int indexOf(int b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean blank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
