package dev.porthole.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The official CloudFormation resource specification kept as test data (see cfnspec/README.md). */
final class ResourceSpecification {

    private static ResourceSpecification loaded;

    private final JsonNode root;

    private ResourceSpecification(JsonNode root) {
        this.root = root;
    }

    static synchronized ResourceSpecification load() {
        if (loaded == null) {
            try (InputStream in = new GZIPInputStream(
                    ResourceSpecification.class.getResourceAsStream("/cfnspec/specification.json.gz"))) {
                loaded = new ResourceSpecification(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    String version() {
        return root.path("ResourceSpecificationVersion").asText();
    }

    /** The resource type's specification, or null if CloudFormation has no such type. */
    JsonNode resourceType(String type) {
        JsonNode node = root.path("ResourceTypes").get(type);
        return node == null || node.isNull() ? null : node;
    }

    /** A property type as named inside a resource type's specification ({@code Environment}, {@code Tag}). */
    JsonNode propertyType(String resourceType, String name) {
        JsonNode node = root.path("PropertyTypes").get(resourceType + "." + name);
        if (node == null) {
            node = root.path("PropertyTypes").get(name);
        }
        return node;
    }
}
