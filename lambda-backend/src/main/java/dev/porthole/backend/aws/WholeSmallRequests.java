package dev.porthole.backend.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends each small request in one piece. The url-connection HTTP client switches {@code HttpURLConnection}
 * to fixed-length streaming whenever a request carries {@code Content-Length}, which writes the headers
 * and the body separately: the body then waits for the server to acknowledge the headers (Nagle's
 * algorithm meeting delayed ACKs), about 1.3 ms per call on loopback and up to 40 ms on a network. Every
 * call this function makes is small (a message of at most 32 KB, a DynamoDB item), so it drops the header
 * before signing and lets {@code HttpURLConnection} buffer the body and set the length itself.
 */
final class WholeSmallRequests implements ExecutionInterceptor {
    /** Far above anything the function sends; larger bodies keep streaming. */
    private static final long LIMIT = 256 * 1024;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        boolean small = request.firstMatchingHeader("Content-Length").map(Long::parseLong).filter(length -> length <= LIMIT).isPresent();
        return small ? request.toBuilder().removeHeader("Content-Length").build() : request;
    }
}
