package dev.porthole.desktop.har;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The HAR 1.2 document (http://www.softwareishard.com/blog/har-12-spec/), the fields Porthole writes and reads.
 * Porthole's own fields start with an underscore, as the spec allows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Har(Log log) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Log(String version, Creator creator, List<Entry> entries, String comment) {
    }

    public record Creator(String name, String version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String startedDateTime, double time, Request request, Response response, Cache cache,
                        Timings timings, String comment,
                        @JsonProperty("_tunnel") String tunnel,
                        @JsonProperty("_tunnelKey") String tunnelKey,
                        @JsonProperty("_target") String target,
                        @JsonProperty("_publicUrl") String publicUrl,
                        @JsonProperty("_id") Long id,
                        @JsonProperty("_replayOf") Long replayOf,
                        @JsonProperty("_error") String error,
                        @JsonProperty("_policy") String policy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String method, String url, String httpVersion, List<NameValue> cookies, List<NameValue> headers,
                          List<NameValue> queryString, PostData postData, long headersSize, long bodySize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PostData(String mimeType, String text,
                           @JsonProperty("_encoding") String encoding,
                           @JsonProperty("_size") Long size) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(int status, String statusText, String httpVersion, List<NameValue> cookies,
                           List<NameValue> headers, Content content, String redirectURL, long headersSize, long bodySize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(long size, String mimeType, String text, String encoding,
                          @JsonProperty("_truncated") Boolean truncated) {
    }

    public record NameValue(String name, String value) {
    }

    public record Cache() {
    }

    public record Timings(double send, @JsonProperty("wait") double waiting, double receive) {
    }
}
