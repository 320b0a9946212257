package dev.porthole.policy.engine;

/** The {@code X-Porthole-Error} codes of requests the rules refuse, with their statuses. */
public enum RefusalCode {
    /** A {@code restrict-ips} rule refused the caller's address. */
    IP_DENIED("ip-denied", 403),
    /** A {@code verify-webhook} rule found the signature missing or wrong. */
    WEBHOOK_SIGNATURE_INVALID("webhook-signature-invalid", 401),
    /** A {@code rate-limit} rule's limit is used up; the response says {@code Retry-After}. */
    RATE_LIMITED("rate-limited", 429),
    /** A {@code deny} rule matched. */
    DENIED("denied", 403);

    private final String code;
    private final int status;

    RefusalCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The value of {@code X-Porthole-Error}. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
