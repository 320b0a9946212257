package dev.porthole.deploy.aws;

/**
 * A profile from {@code ~/.aws/config} / {@code ~/.aws/credentials}, for the user to choose from.
 *
 * @param region      the profile's region, or null if it sets none
 * @param credentials where its credentials come from
 */
public record AwsProfile(String name, String region, CredentialSource credentials) {

    public enum CredentialSource {
        /** aws_access_key_id and aws_secret_access_key (maybe with a session token) */
        ACCESS_KEYS,
        /** IAM Identity Center: sso_session or sso_start_url; needs {@code aws sso login} now and then */
        SSO,
        /** role_arn with source_profile or credential_source */
        ASSUME_ROLE,
        /** credential_process */
        PROCESS,
        /** web_identity_token_file */
        WEB_IDENTITY,
        /** nothing usable (e.g. only a region) */
        NONE
    }

    public boolean sso() {
        return credentials == CredentialSource.SSO;
    }
}
