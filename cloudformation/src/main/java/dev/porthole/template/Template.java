package dev.porthole.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Porthole CloudFormation template, parsed. The local backend wires itself from it and the deployer
 * sends its text to CloudFormation, so both run exactly what {@code cloudformation/porthole.yaml} says.
 */
public final class Template {

    /** Where the template is on the classpath. */
    public static final String RESOURCE = "dev/porthole/cloudformation/porthole.yaml";

    private final String text;
    private final Map<String, Object> tree;
    private final Map<String, Parameter> parameters;
    private final Map<String, Resource> resources;

    private Template(String text, Map<String, Object> tree) {
        this.text = text;
        this.tree = tree;
        this.parameters = readParameters(section(tree, "Parameters"));
        this.resources = readResources(section(tree, "Resources"));
    }

    /** The template packaged with Porthole. */
    public static Template load() {
        try (InputStream in = Template.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The Porthole template " + RESOURCE
                        + " is not on the classpath; the cloudformation module's jar is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Porthole template " + RESOURCE, e);
        }
    }

    /**
     * Parses a template in YAML (with CloudFormation's short-form tags) or JSON.
     *
     * @throws IllegalArgumentException if it is not YAML or has no valid Resources section
     */
    public static Template parse(String yaml) {
        Object root = CloudFormationYaml.read(yaml);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Not a valid CloudFormation template: the top level must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) map;
        if (!(tree.get("Resources") instanceof Map<?, ?> resources) || resources.isEmpty()) {
            throw new IllegalArgumentException("Not a valid CloudFormation template: it has no Resources");
        }
        return new Template(yaml, tree);
    }

    /** The template exactly as written, e.g. for CloudFormation's TemplateBody. */
    public String text() {
        return text;
    }

    /** The whole parsed document, short forms turned into long forms. */
    public Map<String, Object> tree() {
        return tree;
    }

    /** The literal value of the {@code TemplateVersion} output. */
    public String version() {
        Object output = outputs().get("TemplateVersion");
        if (output instanceof Map<?, ?> map && map.get("Value") instanceof String version) {
            return version;
        }
        throw new IllegalStateException("The template has no TemplateVersion output with a literal string value");
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** @throws IllegalArgumentException naming the parameter if the template has none of that name */
    public Parameter parameter(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("The template has no parameter " + name);
        }
        return parameter;
    }

    /** Resources in the order the file lists them. */
    public Map<String, Resource> resources() {
        return resources;
    }

    /** @throws IllegalArgumentException naming the logical ID if the template has no such resource */
    public Resource resource(String logicalId) {
        Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("The template has no resource " + logicalId);
        }
        return resource;
    }

    public Map<String, Object> outputs() {
        return section(tree, "Outputs");
    }

    public Map<String, Object> conditions() {
        return section(tree, "Conditions");
    }

    public Map<String, Object> mappings() {
        return section(tree, "Mappings");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> tree, String name) {
        Object section = tree.get(name);
        if (section == null) {
            return Map.of();
        }
        if (section instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("Not a valid CloudFormation template: " + name + " must be a mapping");
    }

    private static Map<String, Parameter> readParameters(Map<String, Object> section) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        section.forEach((name, value) -> {
            Map<String, Object> definition = mapping(value, "parameter " + name);
            Object type = definition.get("Type");
            if (!(type instanceof String)) {
                throw new IllegalArgumentException("Not a valid CloudFormation template: parameter " + name + " has no Type");
            }
            Object defaultValue = definition.get("Default");
            parameters.put(name, new Parameter(name, (String) type,
                    defaultValue == null ? null : String.valueOf(defaultValue),
                    isTrue(definition.get("NoEcho")), definition));
        });
        return Collections.unmodifiableMap(parameters);
    }

    private static Map<String, Resource> readResources(Map<String, Object> section) {
        Map<String, Resource> resources = new LinkedHashMap<>();
        section.forEach((logicalId, value) -> {
            Map<String, Object> definition = mapping(value, "resource " + logicalId);
            if (!(definition.get("Type") instanceof String type)) {
                throw new IllegalArgumentException("Not a valid CloudFormation template: resource " + logicalId + " has no Type");
            }
            Object properties = definition.get("Properties");
            List<String> dependsOn = switch (definition.get("DependsOn")) {
                case null -> List.of();
                case String single -> List.of(single);
                case List<?> list -> list.stream().map(String::valueOf).toList();
                default -> throw new IllegalArgumentException(
                        "Not a valid CloudFormation template: DependsOn of " + logicalId + " must be a name or a list");
            };
            resources.put(logicalId, new Resource(logicalId, type,
                    properties == null ? Map.of() : mapping(properties, "properties of " + logicalId),
                    definition.get("Condition") instanceof String condition ? condition : null, dependsOn));
        });
        return Collections.unmodifiableMap(resources);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("Not a valid CloudFormation template: " + what + " must be a mapping");
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }
}
