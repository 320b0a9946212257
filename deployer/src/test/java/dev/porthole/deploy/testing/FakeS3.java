package dev.porthole.deploy.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

/**
 * S3's REST protocol (path-style) for what the deployer does with its artifact bucket: create and
 * configure a bucket, head/put/tag objects, list, delete in bulk, delete the bucket.
 */
public final class FakeS3 {


    private final Map<String, Bucket> buckets = new TreeMap<>();

    /** A bucket's state, for assertions; empty if there is none. */
    public synchronized Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    public synchronized List<String> bucketNames() {
        return List.copyOf(buckets.keySet());
    }

    /** Creates a bucket as someone else would have (no Porthole tags). */
    public synchronized Bucket seedBucket(String name) {
        return buckets.computeIfAbsent(name, n -> new Bucket());
    }

    synchronized Answer handle(Request request) {
        String bucketName = request.bucket();
        String key = request.key();
        Bucket bucket = buckets.get(bucketName);
        if (request.method().equals("PUT") && key == null && request.query().isEmpty()) {
            if (bucket != null) {
                return error(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.");
            }
            Bucket created = new Bucket();
            Matcher location = Pattern.compile("<LocationConstraint>([^<]*)</LocationConstraint>").matcher(request.text());
            created.locationConstraint = location.find() ? location.group(1) : "";
            buckets.put(bucketName, created);
            return new Answer(200, null, Map.of("Location", "/" + bucketName));
        }
        if (bucket == null) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (key == null) {
            return bucketOperation(request, bucketName, bucket);
        }
        StoredObject object = bucket.objects.get(key);
        switch (request.method()) {
            case "HEAD", "GET" -> {
                if (object == null) {
                    return error(404, "NoSuchKey", "The specified key does not exist.");
                }
                if (request.query().containsKey("tagging")) {
                    return new Answer(200, tagging(object.tags), Map.of());
                }
                return new Answer(200, request.method().equals("GET") ? new String(object.bytes, StandardCharsets.ISO_8859_1) : null,
                        Map.of("ETag", object.etag(), "Content-Type", object.contentType));
            }
            case "PUT" -> {
                if (request.query().containsKey("tagging")) {
                    if (object == null) {
                        return error(404, "NoSuchKey", "The specified key does not exist.");
                    }
                    object.tags = parseTags(request.text());
                    return new Answer(200, null, Map.of());
                }
                StoredObject stored = new StoredObject(request.body(),
                        Optional.ofNullable(request.headers().getFirst("Content-Type")).orElse("binary/octet-stream"));
                String tagging = request.headers().getFirst("x-amz-tagging");
                if (tagging != null) {
                    stored.tags.putAll(FakeAws.parseForm(tagging));
                }
                stored.encryption = request.headers().getFirst("x-amz-server-side-encryption");
                bucket.objects.put(key, stored);
                return new Answer(200, null, Map.of("ETag", stored.etag()));
            }
            case "DELETE" -> {
                bucket.objects.remove(key);
                return new Answer(204, null, Map.of());
            }
            default -> {
                return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
        }
    }

    private Answer bucketOperation(Request request, String bucketName, Bucket bucket) {
        Map<String, String> query = request.query();
        String method = request.method();
        if (method.equals("HEAD")) {
            return new Answer(200, null, Map.of("x-amz-bucket-region", "us-east-1"));
        }
        if (method.equals("PUT") && query.containsKey("encryption")) {
            bucket.encryption = request.text();
            return new Answer(200, null, Map.of());
        }
        if (method.equals("PUT") && query.containsKey("publicAccessBlock")) {
            bucket.publicAccessBlock = request.text();
            return new Answer(200, null, Map.of());
        }
        if (method.equals("PUT") && query.containsKey("lifecycle")) {
            bucket.lifecycle = request.text();
            return new Answer(200, null, Map.of());
        }
        if (method.equals("PUT") && query.containsKey("tagging")) {
            bucket.tags = parseTags(request.text());
            return new Answer(204, null, Map.of());
        }
        if (method.equals("GET") && query.containsKey("tagging")) {
            if (bucket.tags.isEmpty()) {
                return error(404, "NoSuchTagSet", "The TagSet does not exist");
            }
            return new Answer(200, tagging(bucket.tags), Map.of());
        }
        if (method.equals("GET") && "2".equals(query.get("list-type"))) {
            Xml xml = new Xml().open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/").text("Name", bucketName)
                    .text("Prefix", "").text("KeyCount", bucket.objects.size()).text("MaxKeys", 1000).text("IsTruncated", false);
            bucket.objects.forEach((k, o) -> xml.open("Contents").text("Key", k).text("Size", o.bytes.length)
                    .text("ETag", o.etag()).text("StorageClass", "STANDARD").close("Contents"));
            return new Answer(200, xml.close("ListBucketResult").toString(), Map.of());
        }
        if (method.equals("POST") && query.containsKey("delete")) {
            Matcher keys = Pattern.compile("<Key>([^<]*)</Key>").matcher(request.text());
            while (keys.find()) {
                bucket.objects.remove(keys.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
            }
            return new Answer(200, new Xml().open("DeleteResult", "http://s3.amazonaws.com/doc/2006-03-01/").close("DeleteResult").toString(),
                    Map.of());
        }
        if (method.equals("DELETE") && query.isEmpty()) {
            if (!bucket.objects.isEmpty()) {
                return error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
            }
            buckets.remove(bucketName);
            return new Answer(204, null, Map.of());
        }
        return error(501, "NotImplemented", "The fake does not know " + method + " " + query.keySet());
    }

    private static Map<String, String> parseTags(String xml) {
        Map<String, String> tags = new LinkedHashMap<>();
        Matcher tag = Pattern.compile("<Tag><Key>([^<]*)</Key><Value>([^<]*)</Value></Tag>").matcher(xml);
        while (tag.find()) {
            tags.put(tag.group(1), tag.group(2));
        }
        return tags;
    }

    private static String tagging(Map<String, String> tags) {
        Xml xml = new Xml().open("Tagging", "http://s3.amazonaws.com/doc/2006-03-01/").open("TagSet");
        tags.forEach((k, v) -> xml.open("Tag").text("Key", k).text("Value", v).close("Tag"));
        return xml.close("TagSet").close("Tagging").toString();
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, FakeAws.s3Error(code, message), Map.of());
    }

    public static final class Bucket {
        public String locationConstraint = "";
        public String encryption;
        public String publicAccessBlock;
        public String lifecycle;
        public Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, StoredObject> objects = new TreeMap<>();
    }

    public static final class StoredObject {
        public final byte[] bytes;
        public final String contentType;
        public Map<String, String> tags = new LinkedHashMap<>();
        public String encryption;

        StoredObject(byte[] bytes, String contentType) {
            this.bytes = bytes;
            this.contentType = contentType;
        }

        String etag() {
            try {
                return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Request(String method, String rawPath, Map<String, String> query, Headers headers, byte[] body) {
        String bucket() {
            String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
            int slash = path.indexOf('/');
            return slash < 0 ? path : path.substring(0, slash);
        }

        String key() {
            String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
            int slash = path.indexOf('/');
            return slash < 0 || slash == path.length() - 1 ? null
                    : java.net.URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A short name for the call log, e.g. "PUT bucket?lifecycle" or "PUT object". */
        String operation() {
            String sub = query.keySet().stream().filter(k -> !k.equals("x-id")).findFirst().map(k -> "?" + k).orElse("");
            return method + (key() == null ? " bucket" : " object") + sub;
        }
    }

    record Answer(int status, String body, Map<String, String> headers) {
    }

}
