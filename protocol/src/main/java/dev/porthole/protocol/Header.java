package dev.porthole.protocol;

import java.util.Objects;

/** One header line. The name keeps the case it arrived with; comparisons ignore case. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }
}
