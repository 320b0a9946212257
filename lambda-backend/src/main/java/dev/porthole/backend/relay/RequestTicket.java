package dev.porthole.backend.relay;

import dev.porthole.backend.Randomness;
import dev.porthole.backend.auth.Keys;

import java.util.Base64;
import java.util.Optional;

/**
 * A public request's ID, which is also its return address: {@code <relay connection>.<nonce>.<mac>}, the
 * MAC binding the relay connection, the nonce and the agent connection the request was sent to. The agent
 * echoes the ID on its answer; {@code $default} checks the MAC against the connection the answer came
 * from — so an agent can answer only requests that were sent to it — and posts the answer to the relay
 * named in the ID. No table is read or written on the way back.
 */
public record RequestTicket(String relayConnectionId, String nonce, String mac) {

    public static RequestTicket issue(Keys keys, String relayConnectionId, String agentConnectionId) {
        byte[] bytes = new byte[12];
        Randomness.secure().nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new RequestTicket(relayConnectionId, nonce, keys.mac(Keys.Purpose.REQUEST_TICKET, relayConnectionId, nonce, agentConnectionId));
    }

    /** Reads an ID; the relay connection ID may itself contain dots, the nonce and MAC cannot. */
    public static Optional<RequestTicket> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int macDot = id.lastIndexOf('.');
        int nonceDot = macDot <= 0 ? -1 : id.lastIndexOf('.', macDot - 1);
        if (nonceDot <= 0 || macDot == id.length() - 1 || nonceDot + 1 == macDot) {
            return Optional.empty();
        }
        return Optional.of(new RequestTicket(id.substring(0, nonceDot), id.substring(nonceDot + 1, macDot), id.substring(macDot + 1)));
    }

    /** Whether this ticket was issued for a request sent to {@code agentConnectionId}. */
    public boolean wasSentTo(Keys keys, String agentConnectionId) {
        return keys.verify(Keys.Purpose.REQUEST_TICKET, mac, relayConnectionId, nonce, agentConnectionId);
    }

    public String id() {
        return relayConnectionId + "." + nonce + "." + mac;
    }
}
