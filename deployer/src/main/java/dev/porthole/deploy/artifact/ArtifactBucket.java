package dev.porthole.deploy.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The S3 bucket the Lambda jar is uploaded to, one per stack. The deployer creates it locked down
 * (encrypted, no public access) and marks it as its own with tags, so that destroy only ever removes a
 * bucket it created. Objects are keyed by the jar's SHA-256, so an unchanged jar is not uploaded again.
 *
 * <p>Old jars expire, but the one the stack runs never does: CloudFormation needs it again to roll back
 * a failed update. Every object is tagged {@value #ARTIFACT_TAG}: {@code uploaded} until a deployment
 * with it succeeds, then {@code current}; the jar it replaced becomes {@code superseded}. The lifecycle
 * rules expire {@code uploaded} and {@code superseded} objects, never {@code current} ones.
 */
public final class ArtifactBucket {

    public static final String STACK_TAG = "porthole:stack";
    public static final String CREATED_BY_TAG = "porthole:created-by";
    public static final String CREATED_BY = "porthole-deployer";
    public static final String ARTIFACT_TAG = "porthole:artifact";
    public static final int EXPIRY_DAYS = 30;

    private final S3Client s3;
    private final String name;

    public ArtifactBucket(S3Client s3, String name) {
        this.s3 = s3;
        this.name = name;
    }

    /** The deployer's bucket name for a stack: {@code porthole-<account>-<region>-<8 hex of the stack name>}. */
    public static String nameFor(String accountId, String region, String stackName) {
        return "porthole-" + accountId + "-" + region + "-" + sha256Hex(stackName.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
    }

    /** The S3 key of a jar: {@code lambda/<sha256>.jar}. */
    public static String keyFor(Path jar) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest())) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "lambda/" + HexFormat.of().formatHex(md.digest()) + ".jar";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Lambda jar " + jar, e);
        }
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        try {
            s3.headBucket(b -> b.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Creates and locks down the bucket if it does not exist yet.
     *
     * @return true if it was created now
     */
    public boolean ensureExists(Region region, String stackName) {
        if (exists()) {
            return false;
        }
        s3.createBucket(b -> {
            b.bucket(name);
            if (!region.equals(Region.US_EAST_1)) { // us-east-1 is S3's default and refuses to be named
                b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id())));
            }
        });
        s3.putPublicAccessBlock(b -> b.bucket(name).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c
                .rules(r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(name).lifecycleConfiguration(lifecycle()));
        s3.putBucketTagging(b -> b.bucket(name).tagging(t -> t.tagSet(
                Tag.builder().key(STACK_TAG).value(stackName).build(),
                Tag.builder().key(CREATED_BY_TAG).value(CREATED_BY).build())));
        return true;
    }

    static BucketLifecycleConfiguration lifecycle() {
        return BucketLifecycleConfiguration.builder().rules(
                expire("expire-unused-lambda-code", "uploaded"),
                expire("expire-replaced-lambda-code", "superseded"),
                LifecycleRule.builder().id("abort-incomplete-uploads").status(ExpirationStatus.ENABLED)
                        .filter(LifecycleRuleFilter.builder().prefix("").build())
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build()).build();
    }

    private static LifecycleRule expire(String id, String state) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().tag(Tag.builder().key(ARTIFACT_TAG).value(state).build()).build())
                .expiration(e -> e.days(EXPIRY_DAYS)).build();
    }

    /** Whether this bucket was created by the deployer for that stack (and may be removed with it). */
    public boolean createdFor(String stackName) {
        try {
            List<Tag> tags = s3.getBucketTagging(b -> b.bucket(name)).tagSet();
            return tags.stream().anyMatch(t -> t.key().equals(STACK_TAG) && t.value().equals(stackName))
                    && tags.stream().anyMatch(t -> t.key().equals(CREATED_BY_TAG) && t.value().equals(CREATED_BY));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // NoSuchTagSet or NoSuchBucket: not ours
                return false;
            }
            throw e;
        }
    }

    /** Whether an object is there. */
    public boolean contains(String key) {
        try {
            s3.headObject(b -> b.bucket(name).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Uploads the jar under its content key unless it is already there.
     *
     * @return the key, and whether it was uploaded now
     */
    public Upload upload(Path jar) {
        String key = keyFor(jar);
        if (contains(key)) {
            return new Upload(key, false);
        }
        s3.putObject(b -> b.bucket(name).key(key).contentType("application/java-archive")
                        .serverSideEncryption(ServerSideEncryption.AES256).tagging(ARTIFACT_TAG + "=uploaded"),
                RequestBody.fromFile(jar));
        return new Upload(key, true);
    }

    public record Upload(String key, boolean uploaded) {
    }

    /** Marks the jar the stack now runs as current, and the one it replaced as superseded (expiring). */
    public void markCurrent(String key, Optional<String> replaced) {
        tag(key, "current");
        replaced.filter(old -> !old.equals(key)).filter(this::contains).ifPresent(old -> tag(old, "superseded"));
    }

    private void tag(String key, String state) {
        s3.putObjectTagging(b -> b.bucket(name).key(key)
                .tagging(t -> t.tagSet(Tag.builder().key(ARTIFACT_TAG).value(state).build())));
    }

    /**
     * Deletes every object, then the bucket.
     *
     * @return how many objects were deleted
     */
    public int deleteWithContents() {
        int deleted = 0;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(name).continuationToken(continuation));
            List<ObjectIdentifier> keys = new ArrayList<>();
            for (S3Object object : page.contents()) {
                keys.add(ObjectIdentifier.builder().key(object.key()).build());
            }
            if (!keys.isEmpty()) {
                var result = s3.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(keys).quiet(true)));
                if (!result.errors().isEmpty()) {
                    var first = result.errors().getFirst();
                    throw new IllegalStateException("S3 did not delete " + first.key() + " from " + name + ": " + first.message());
                }
                deleted += keys.size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        s3.deleteBucket(b -> b.bucket(name));
        return deleted;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
