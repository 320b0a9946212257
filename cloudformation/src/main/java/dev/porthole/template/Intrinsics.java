package dev.porthole.template;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions with values the caller gives, the way CloudFormation would
 * at deploy time. The local backend uses it to compute the function's environment from the template.
 * The result is plain String/Number/Boolean/List/Map; {@code AWS::NoValue} removes the entry it stands in.
 */
public final class Intrinsics {

    private static final Object NO_VALUE = new Object();

    private final Template template;
    private final Map<String, String> parameterValues;
    private final Map<String, String> resourceRefs;
    private final Map<String, String> attributes;
    private final Map<String, Boolean> conditionCache = new HashMap<>();

    /**
     * @param parameterValues template parameters by name, and pseudo parameters ({@code AWS::Region},
     *                        {@code AWS::AccountId}, {@code AWS::Partition}, {@code AWS::URLSuffix},
     *                        {@code AWS::StackName}...); a template parameter missing here takes its default
     * @param resourceRefs    what {@code Ref} of each resource returns, by logical ID
     * @param attributes      what {@code Fn::GetAtt} returns, keyed {@code "LogicalId.Attribute"}
     */
    public Intrinsics(Template template, Map<String, String> parameterValues, Map<String, String> resourceRefs,
                      Map<String, String> attributes) {
        this.template = template;
        this.parameterValues = Map.copyOf(parameterValues);
        this.resourceRefs = Map.copyOf(resourceRefs);
        this.attributes = Map.copyOf(attributes);
    }

    /**
     * Resolves every intrinsic function in a node (a property value, an output's Value, a condition...).
     *
     * @throws IllegalArgumentException naming the parameter, resource, attribute or function that cannot be resolved
     */
    public Object resolve(Object node) {
        Object value = eval(node);
        return value == NO_VALUE ? null : value;
    }

    /** Evaluates a named condition of the template's Conditions section. */
    public boolean condition(String name) {
        Boolean cached = conditionCache.get(name);
        if (cached != null) {
            return cached;
        }
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalArgumentException("The template has no condition " + name);
        }
        conditionCache.put(name, Boolean.FALSE); // a cycle reads false instead of recursing forever
        boolean value = bool(eval(definition), "condition " + name);
        conditionCache.put(name, value);
        return value;
    }

    private Object eval(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")
                        || (key.equals("Condition") && only.getValue() instanceof String)) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object value = eval(v);
                if (value != NO_VALUE) {
                    result.put(String.valueOf(k), value);
                }
            });
            return result;
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object element : list) {
                Object value = eval(element);
                if (value != NO_VALUE) {
                    result.add(value);
                }
            }
            return result;
        }
        return node;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(text(eval(argument), "Ref"));
            case "Condition" -> condition((String) argument);
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> args = args(argument, name, 2);
                String delimiter = text(eval(args.get(0)), name);
                List<String> parts = new ArrayList<>();
                for (Object part : list(eval(args.get(1)), name)) {
                    parts.add(text(part, name));
                }
                yield String.join(delimiter, parts);
            }
            case "Fn::Select" -> {
                List<?> args = args(argument, name, 2);
                int index = new BigDecimal(text(eval(args.get(0)), name)).intValueExact();
                List<?> from = list(eval(args.get(1)), name);
                if (index < 0 || index >= from.size()) {
                    throw new IllegalArgumentException("Fn::Select index " + index + " is outside a list of " + from.size());
                }
                yield from.get(index);
            }
            case "Fn::Split" -> {
                List<?> args = args(argument, name, 2);
                String delimiter = text(eval(args.get(0)), name);
                String source = text(eval(args.get(1)), name);
                yield new ArrayList<>(Arrays.asList(source.split(Pattern.quote(delimiter), -1)));
            }
            case "Fn::If" -> {
                List<?> args = args(argument, name, 3);
                yield condition(text(args.get(0), name)) ? eval(args.get(1)) : eval(args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = args(argument, name, 2);
                yield text(eval(args.get(0)), name).equals(text(eval(args.get(1)), name));
            }
            case "Fn::Not" -> !bool(eval(args(argument, name, 1).get(0)), name);
            case "Fn::And" -> {
                boolean all = true;
                for (Object operand : list(argument, name)) {
                    all &= bool(eval(operand), name);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (Object operand : list(argument, name)) {
                    any |= bool(eval(operand), name);
                }
                yield any;
            }
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    text(eval(argument), name).getBytes(StandardCharsets.UTF_8));
            case "Fn::FindInMap" -> {
                List<?> args = args(argument, name, 3);
                String map = text(eval(args.get(0)), name);
                String top = text(eval(args.get(1)), name);
                String second = text(eval(args.get(2)), name);
                Object found = template.mappings().get(map) instanceof Map<?, ?> m
                        && m.get(top) instanceof Map<?, ?> t ? t.get(second) : null;
                if (found == null) {
                    throw new IllegalArgumentException("Fn::FindInMap found nothing at " + map + "/" + top + "/" + second);
                }
                yield eval(found);
            }
            default -> throw new IllegalArgumentException(name + " cannot be resolved outside AWS");
        };
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        String value = parameterValues.get(name);
        if (value != null) {
            return value;
        }
        Parameter parameter = template.parameters().get(name);
        if (parameter != null) {
            if (parameter.defaultValue() == null) {
                throw new IllegalArgumentException("No value for parameter " + name + " (it has no default)");
            }
            return parameter.defaultValue();
        }
        if (name.startsWith("AWS::")) {
            throw new IllegalArgumentException("No value for pseudo parameter " + name);
        }
        if (!template.resources().containsKey(name)) {
            throw new IllegalArgumentException("Ref " + name + " names no parameter or resource of the template");
        }
        value = resourceRefs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No value for Ref of resource " + name);
        }
        return value;
    }

    private Object getAtt(Object argument) {
        List<?> args = args(argument, "Fn::GetAtt", 2);
        String key = text(eval(args.get(0)), "Fn::GetAtt") + "." + text(eval(args.get(1)), "Fn::GetAtt");
        String value = attributes.get(key);
        if (value == null) {
            throw new IllegalArgumentException("No value for attribute " + key);
        }
        return value;
    }

    private String sub(Object argument) {
        String format;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof List<?> args) {
            if (args.size() != 2 || !(args.get(1) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("Fn::Sub takes a string, or [string, {variables}]");
            }
            format = text(args.get(0), "Fn::Sub");
            map.forEach((k, v) -> variables.put(String.valueOf(k), eval(v)));
        } else {
            format = text(argument, "Fn::Sub");
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = format.indexOf("${", at);
            if (start < 0) {
                return out.append(format, at, format.length()).toString();
            }
            int end = format.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("Fn::Sub has an unclosed ${ in: " + format);
            }
            out.append(format, at, start);
            String variable = format.substring(start + 2, end).strip();
            if (variable.startsWith("!")) {
                out.append("${").append(variable.substring(1)).append('}'); // ${!Literal} is written as ${Literal}
            } else if (variables.containsKey(variable)) {
                out.append(text(variables.get(variable), "Fn::Sub variable " + variable));
            } else if (!variable.startsWith("AWS::") && variable.contains(".")) {
                int dot = variable.indexOf('.');
                out.append(getAtt(List.of(variable.substring(0, dot), variable.substring(dot + 1))));
            } else {
                out.append(text(ref(variable), "Fn::Sub variable " + variable));
            }
            at = end + 1;
        }
    }

    private static List<?> args(Object argument, String function, int count) {
        List<?> args = list(argument, function);
        if (args.size() != count) {
            throw new IllegalArgumentException(function + " takes " + count + " arguments, got " + args.size());
        }
        return args;
    }

    private static List<?> list(Object value, String function) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(function + " needs a list here, got " + describe(value));
    }

    private static String text(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException(where + " needs a string here, got " + describe(value));
    }

    private static boolean bool(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(where + " needs a condition here, got " + describe(value));
    }

    private static String describe(Object value) {
        return value == NO_VALUE ? "AWS::NoValue" : value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
