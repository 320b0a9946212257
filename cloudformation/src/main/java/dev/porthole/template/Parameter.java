package dev.porthole.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A template parameter.
 *
 * @param name         the parameter's logical name
 * @param type         CloudFormation type, e.g. {@code String} or {@code Number}
 * @param defaultValue the default as a string, or null when the parameter has none (a value is required)
 * @param noEcho       whether CloudFormation masks the value
 * @param definition   everything the template says about it (AllowedPattern, MaxLength, Description...)
 */
public record Parameter(String name, String type, String defaultValue, boolean noEcho, Map<String, Object> definition) {

    public Parameter {
        definition = definition == null ? Map.of() : java.util.Collections.unmodifiableMap(definition);
    }

    public String description() {
        return text("Description");
    }

    public String allowedPattern() {
        return text("AllowedPattern");
    }

    /** MaxLength, or null when unlimited. */
    public Integer maxLength() {
        String max = text("MaxLength");
        return max == null ? null : Integer.valueOf(max);
    }

    /**
     * Checks a value the way CloudFormation will, so a caller can refuse it with a clear message
     * before any AWS call.
     *
     * @return why the value is not allowed, or empty if it is
     */
    public Optional<String> problem(String value) {
        if (value == null) {
            return defaultValue == null ? Optional.of(name + " is required") : Optional.empty();
        }
        String constraint = text("ConstraintDescription");
        String because = constraint == null ? "" : " (" + constraint + ")";
        String minLength = text("MinLength");
        if (minLength != null && value.length() < Integer.parseInt(minLength)) {
            return Optional.of(name + " must be at least " + minLength + " characters" + because);
        }
        Integer maxLength = maxLength();
        if (maxLength != null && value.length() > maxLength) {
            return Optional.of(name + " must be at most " + maxLength + " characters" + because);
        }
        String pattern = allowedPattern();
        if (pattern != null && !Pattern.compile(pattern).matcher(value).matches()) {
            return Optional.of(name + " does not match " + pattern + because);
        }
        if (definition.get("AllowedValues") instanceof List<?> allowed
                && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            return Optional.of(name + " must be one of " + allowed + because);
        }
        if ("Number".equals(type)) {
            BigDecimal number;
            try {
                number = new BigDecimal(value);
            } catch (NumberFormatException e) {
                return Optional.of(name + " must be a number" + because);
            }
            String min = text("MinValue");
            if (min != null && number.compareTo(new BigDecimal(min)) < 0) {
                return Optional.of(name + " must be at least " + min + because);
            }
            String max = text("MaxValue");
            if (max != null && number.compareTo(new BigDecimal(max)) > 0) {
                return Optional.of(name + " must be at most " + max + because);
            }
        }
        return Optional.empty();
    }

    private String text(String key) {
        Object value = definition.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
