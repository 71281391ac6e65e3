package dev.riposte.dispatch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One declared parameter of an action. */
public record ParamSpec(String name, Type type, boolean required, String description) {

    /** What a parameter value may be. Shown in lower case ({@code string}, {@code int}...) by {@code riposte actions}. */
    public enum Type {
        STRING,
        INT,
        BOOL,
        LIST,
        MAP,
        /** Anything: for actions that pass a value on unread (tests, forwarding). */
        ANY;

        boolean accepts(Object v) {
            return switch (this) {
                case STRING -> v instanceof CharSequence;
                case INT ->
                    v instanceof Integer
                            || v instanceof Long
                            || v instanceof Short
                            || v instanceof Byte
                            || (v instanceof CharSequence s && s.toString().matches("-?\\d{1,18}"));
                case BOOL -> v instanceof Boolean || "true".equals(v) || "false".equals(v);
                case LIST -> v instanceof List<?>;
                case MAP -> v instanceof Map<?, ?>;
                case ANY -> true;
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ParamSpec {
        Objects.requireNonNull(type, "type");
    }

    public static ParamSpec required(String name, Type type, String description) {
        return new ParamSpec(name, type, true, description);
    }

    public static ParamSpec optional(String name, Type type, String description) {
        return new ParamSpec(name, type, false, description);
    }

    boolean accepts(Object v) {
        return type.accepts(v);
    }
}
