package dev.porthole.template;

import java.util.List;
import java.util.Map;

/**
 * A resource of the template, its properties in CloudFormation's long form.
 *
 * @param condition the name of the condition the resource depends on, or null
 * @param dependsOn the explicit {@code DependsOn} list (implicit dependencies through Ref/GetAtt are not in it)
 */
public record Resource(String logicalId, String type, Map<String, Object> properties, String condition,
                       List<String> dependsOn) {

    public Resource {
        properties = properties == null ? Map.of() : properties;
        dependsOn = List.copyOf(dependsOn);
    }

    /**
     * A property by path: {@code "Environment.Variables"}, or with list indexes, {@code "KeySchema.0.KeyType"}.
     *
     * @return the value, or null if any step of the path is absent
     */
    public Object property(String dottedPath) {
        Object node = properties;
        for (String step : dottedPath.split("\\.")) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(step);
            } else if (node instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(step);
                node = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }
}
