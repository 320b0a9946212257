package dev.porthole.desktop.deploy;

import java.util.Map;
import java.util.Objects;

/**
 * Where a deployment gets its AWS credentials: a profile of {@code ~/.aws/config} and {@code ~/.aws/credentials},
 * or the {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} environment variables (as the AWS CLI takes them).
 *
 * @param profile the profile's name, or null for the environment variables
 * @param region  the Region that profile (or {@code AWS_REGION}) names, or null
 */
public record AwsCredentials(String profile, String region) {

    public static AwsCredentials profile(String name, String region) {
        return new AwsCredentials(Objects.requireNonNull(name, "name"), blankToNull(region));
    }

    /** The environment's credentials when it has them: {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. */
    public static java.util.Optional<AwsCredentials> fromEnvironment(Map<String, String> environment) {
        if (blankToNull(environment.get("AWS_ACCESS_KEY_ID")) == null || blankToNull(environment.get("AWS_SECRET_ACCESS_KEY")) == null) {
            return java.util.Optional.empty();
        }
        String region = blankToNull(environment.get("AWS_REGION"));
        return java.util.Optional.of(new AwsCredentials(null, region != null ? region : blankToNull(environment.get("AWS_DEFAULT_REGION"))));
    }

    public boolean fromEnvironment() {
        return profile == null;
    }

    /** How the dialog names it. */
    @Override
    public String toString() {
        return fromEnvironment() ? "Environment variables (AWS_ACCESS_KEY_ID)" : profile;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
