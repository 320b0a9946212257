package dev.porthole.local.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * A table as the template declares it.
 *
 * @param keys          the key schema: attribute name, key type (HASH/RANGE) and attribute type (S/N/B)
 * @param ttlAttribute  the time-to-live attribute, if TTL is enabled
 */
public record TableSpec(String name, List<Key> keys, Optional<String> ttlAttribute) {

    public record Key(String attribute, String keyType, String attributeType) {
    }
}
