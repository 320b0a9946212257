package dev.porthole.local.iam.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One operator and key of a statement's {@code Condition} block, with the values it compares against. IAM's
 * rules: values of one key are ORed, keys and operators are ANDed; an absent key fails a positive operator,
 * passes a negated one, and passes anything with the {@code IfExists} suffix.
 */
record Condition(String operator, boolean ifExists, String key, List<String> values) {
    private static final Set<String> OPERATORS = Set.of(
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
        "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Bool");

    static List<Condition> parse(Object block, String where) {
        if (!(block instanceof Map<?, ?> operators)) {
            throw new PolicyException(where + ": Condition must be an object of operators");
        }
        List<Condition> conditions = new java.util.ArrayList<>();
        operators.forEach((op, keys) -> {
            String operator = String.valueOf(op);
            if (operator.startsWith("ForAnyValue:") || operator.startsWith("ForAllValues:")) {
                throw new PolicyException(where + ": condition set operator " + operator
                    + " is not emulated by the local backend (no multivalued keys here)");
            }
            boolean ifExists = operator.endsWith("IfExists");
            String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
            if (!OPERATORS.contains(base)) {
                throw new PolicyException(where + ": condition operator " + operator + " is not emulated by the local backend; "
                    + "it implements " + new java.util.TreeSet<>(OPERATORS) + " (each also with IfExists)");
            }
            if (!(keys instanceof Map<?, ?> byKey)) {
                throw new PolicyException(where + ": " + operator + " must map condition keys to values");
            }
            byKey.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!RequestContext.SUPPORTED_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                    throw new PolicyException(where + ": condition key " + key + " is not emulated by the local backend; "
                        + "it supplies " + new java.util.TreeSet<>(RequestContext.SUPPORTED_KEYS));
                }
                List<String> values = v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(v));
                for (String value : values) {
                    if (value.contains("${")) {
                        throw new PolicyException(where + ": policy variables (" + value + ") are not emulated by the local backend");
                    }
                }
                conditions.add(new Condition(base, ifExists, key, values));
            });
        });
        return List.copyOf(conditions);
    }

    boolean holds(RequestContext context) {
        var actual = context.value(key);
        boolean negated = operator.contains("Not");
        if (actual.isEmpty()) {
            return ifExists || negated;
        }
        boolean any = false;
        for (String expected : values) {
            any |= compare(expected, actual.get());
        }
        return negated != any;
    }

    private boolean compare(String expected, String actual) {
        return switch (operator) {
            case "StringEquals", "StringNotEquals" -> expected.equals(actual);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> expected.equalsIgnoreCase(actual);
            case "StringLike", "StringNotLike" -> Wildcards.matches(expected, actual, false);
            case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike" -> arnMatches(expected, actual);
            case "Bool" -> expected.equalsIgnoreCase(actual);
            default -> throw new IllegalStateException(operator);
        };
    }

    /** ARN operators compare the six colon-separated parts one by one, each with wildcards. */
    private static boolean arnMatches(String pattern, String arn) {
        String[] want = pattern.split(":", 6);
        String[] have = arn.split(":", 6);
        if (want.length != 6 || have.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcards.matches(want[i], have[i], false)) {
                return false;
            }
        }
        return true;
    }
}
