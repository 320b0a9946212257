package dev.porthole.desktop.backend;

/** A backend a tunnel can run on, as pickers show it. */
public record BackendRef(String id, String name) {
    /** The embedded backend on this computer. */
    public static final String LOCAL_ID = "local";
    public static final BackendRef LOCAL = new BackendRef(LOCAL_ID, "This computer");

    public boolean isLocal() {
        return LOCAL_ID.equals(id);
    }

    @Override
    public String toString() {
        return name;
    }
}
