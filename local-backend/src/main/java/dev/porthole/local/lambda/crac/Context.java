package dev.porthole.local.lambda.crac;

/** A set of resources; {@code org.crac} registers the function's resources in the global one. */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
