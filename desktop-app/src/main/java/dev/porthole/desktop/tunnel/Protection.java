package dev.porthole.desktop.tunnel;

import dev.porthole.protocol.BasicAuth;

/**
 * Password protection of a tunnel's public URL, as saved in {@code tunnels.json}: the user name (shown as "protected
 * as …") and the salted digest the backend compares callers' credentials with. The password itself is never kept: to
 * change the user name, the person types the password again.
 *
 * @param user         the user name callers log in with
 * @param accessHeader {@link BasicAuth#accessHeader(String, String)} of the user and password, passed to the agent as is
 */
public record Protection(String user, String accessHeader) {

    /** @throws IllegalArgumentException when the user is empty or has a ':', or the password is empty */
    public static Protection of(String user, String password) {
        return new Protection(user, BasicAuth.accessHeader(user, password));
    }

    /** Whether the saved value is one the backend accepts; a hand-edited file can break it. */
    public boolean intact() {
        return user != null && !user.isEmpty() && accessHeader != null && BasicAuth.digestOf(accessHeader).isPresent();
    }

    /** Only the user: the digest has no business in a log. */
    @Override
    public String toString() {
        return "Protection[user=" + user + "]";
    }
}
