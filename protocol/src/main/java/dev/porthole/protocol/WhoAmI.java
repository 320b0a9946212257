package dev.porthole.protocol;

/**
 * Backend-internal: a relay connection asks for its own connection ID (and so proves it is alive); the relay API's
 * {@code $default} route answers {@link YouAre} from a mapping template, without invoking the function.
 */
public record WhoAmI() implements Message {
}
