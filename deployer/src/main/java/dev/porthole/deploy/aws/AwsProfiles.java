package dev.porthole.deploy.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The AWS profiles the user has, read the way the AWS CLI reads them: {@code ~/.aws/config} and
 * {@code ~/.aws/credentials}, or the files named by {@code AWS_CONFIG_FILE} and
 * {@code AWS_SHARED_CREDENTIALS_FILE}.
 */
public final class AwsProfiles {

    private AwsProfiles() {
    }

    /** The current user's profiles, "default" first, then by name. */
    public static List<AwsProfile> list() {
        return list(ProfileFile.defaultProfileFile());
    }

    /** The profiles of the given files, e.g. {@link #files(Path, Path)}. */
    public static List<AwsProfile> list(ProfileFile profiles) {
        List<AwsProfile> result = new ArrayList<>();
        for (Profile profile : profiles.profiles().values()) {
            result.add(new AwsProfile(profile.name(), profile.property(ProfileProperty.REGION).orElse(null), source(profile)));
        }
        result.sort(Comparator.comparing((AwsProfile p) -> !p.name().equals("default")).thenComparing(AwsProfile::name));
        return List.copyOf(result);
    }

    /** A config file and a credentials file, either of which may be absent. */
    public static ProfileFile files(Path config, Path credentials) {
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        if (config != null && Files.isRegularFile(config)) {
            aggregator.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        if (credentials != null && Files.isRegularFile(credentials)) {
            aggregator.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        return aggregator.build();
    }

    /** The profile the AWS CLI uses when none is named: {@code AWS_PROFILE}, else "default". */
    public static String defaultProfileName() {
        String fromEnvironment = System.getenv("AWS_PROFILE");
        return fromEnvironment == null || fromEnvironment.isBlank() ? "default" : fromEnvironment;
    }

    static Optional<Profile> find(ProfileFile profiles, String name) {
        return profiles.profile(name);
    }

    private static AwsProfile.CredentialSource source(Profile profile) {
        if (profile.property("sso_session").isPresent() || profile.property(ProfileProperty.SSO_START_URL).isPresent()) {
            return AwsProfile.CredentialSource.SSO;
        }
        if (profile.property(ProfileProperty.ROLE_ARN).isPresent()) {
            return profile.property(ProfileProperty.WEB_IDENTITY_TOKEN_FILE).isPresent()
                    ? AwsProfile.CredentialSource.WEB_IDENTITY : AwsProfile.CredentialSource.ASSUME_ROLE;
        }
        if (profile.property(ProfileProperty.CREDENTIAL_PROCESS).isPresent()) {
            return AwsProfile.CredentialSource.PROCESS;
        }
        if (profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent()) {
            return AwsProfile.CredentialSource.ACCESS_KEYS;
        }
        return AwsProfile.CredentialSource.NONE;
    }
}
