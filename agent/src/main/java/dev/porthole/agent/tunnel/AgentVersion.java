package dev.porthole.agent.tunnel;

/** This agent's product token, sent in {@code ready} for the backend's diagnostics. */
public final class AgentVersion {
    /** The version from the jar's manifest, or {@code dev} when running from classes. */
    public static final String VERSION = versionFromManifest();
    public static final String PRODUCT = "porthole-agent/" + VERSION;

    private AgentVersion() {
    }

    private static String versionFromManifest() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
