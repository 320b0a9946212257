package dev.porthole.desktop.log;

/** The status filter's choices. */
public enum StatusClass {
    ALL("All statuses"), SUCCESS("2xx"), REDIRECT("3xx"), CLIENT_ERROR("4xx"), SERVER_ERROR("5xx"), AGENT_ERROR("Local service errors");

    private final String label;

    StatusClass(String label) {
        this.label = label;
    }

    public boolean matches(LogEntry entry) {
        int status = entry.status();
        return switch (this) {
            case ALL -> true;
            case SUCCESS -> status >= 200 && status < 300;
            case REDIRECT -> status >= 300 && status < 400;
            case CLIENT_ERROR -> status >= 400 && status < 500;
            case SERVER_ERROR -> status >= 500;
            case AGENT_ERROR -> entry.exchange().error() != null;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
