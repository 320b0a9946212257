package dev.porthole.desktop.tunnel;

import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;

import java.time.Duration;
import java.time.Instant;

/** A tunnel status in plain words: what is happening and, when something is wrong, what to do next. */
public final class StatusWords {
    private StatusWords() {
    }

    /** The colour of the status light. */
    public enum Light { OFF, STARTING, ONLINE, RECONNECTING, FAILED }

    public static Light light(TunnelStatus status) {
        return switch (status) {
            case TunnelStatus.Connecting c -> Light.STARTING;
            case TunnelStatus.Online o -> Light.ONLINE;
            case TunnelStatus.Reconnecting r -> Light.RECONNECTING;
            case TunnelStatus.Stopped s -> Light.OFF;
            case TunnelStatus.Failed f -> Light.FAILED;
        };
    }

    /** One short line for the list, e.g. "Reconnecting in 4 s (attempt 2)". */
    public static String headline(TunnelStatus status, Instant now) {
        return switch (status) {
            case TunnelStatus.Connecting c -> "Connecting…";
            case TunnelStatus.Online o -> "Online";
            case TunnelStatus.Reconnecting r -> {
                long seconds = Math.max(0, (Duration.between(now, r.nextAttemptAt()).toMillis() + 999) / 1000);
                yield seconds == 0 ? "Reconnecting now (attempt " + r.attempt() + ")"
                        : "Reconnecting in " + seconds + " s (attempt " + r.attempt() + ")";
            }
            case TunnelStatus.Stopped s -> "Stopped";
            case TunnelStatus.Failed f -> "Failed: " + title(f.reason());
        };
    }

    /** The longer explanation with the next step, or empty when all is well. */
    public static String detail(TunnelStatus status) {
        return switch (status) {
            case TunnelStatus.Reconnecting r -> sentence(r.message()) + " Porthole keeps trying by itself and keeps the same URL.";
            // a message the app wrote itself may already name the step that fits better than the reason's usual one
            case TunnelStatus.Failed f -> f.message() != null && f.message().contains("Next step:") ? sentence(f.message())
                    : sentence(f.message()) + " " + nextStep(f.reason());
            default -> "";
        };
    }

    /** Short, to fit under the tunnel's name; the detail line says the rest. */
    static String title(FailureReason reason) {
        return switch (reason) {
            case BAD_TOKEN -> "token refused";
            case TUNNEL_ID_TAKEN -> "ID in use elsewhere";
            case INVALID_TUNNEL_ID -> "invalid tunnel ID";
            case PROTOCOL_REFUSED -> "backend version differs";
            case RULES_REFUSED -> "rules refused";
            case BACKEND_UNREACHABLE -> "backend unreachable";
            case INTERNAL -> "unexpected error";
        };
    }

    static String nextStep(FailureReason reason) {
        return switch (reason) {
            case BAD_TOKEN -> "Next step: on the Backends page, update the backend so it accepts this app's token.";
            case TUNNEL_ID_TAKEN -> "Next step: stop the other agent using this ID, or edit the tunnel and pick another ID.";
            case INVALID_TUNNEL_ID -> "Next step: edit the tunnel; an ID is 3–40 lowercase letters, digits or dashes.";
            case PROTOCOL_REFUSED -> "Next step: on the Backends page, update the backend to this app's version.";
            case RULES_REFUSED -> "Next step: edit the tunnel and fix the rule the message names, then start it again.";
            case BACKEND_UNREACHABLE -> "Next step: check your network, then check the backend's health on the Backends page.";
            case INTERNAL -> "Next step: start the tunnel again; if it keeps failing, restart the app.";
        };
    }

    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String trimmed = message.strip();
        // the agent's messages start in lower case (they follow "porthole: " on its command line)
        trimmed = Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }
}
