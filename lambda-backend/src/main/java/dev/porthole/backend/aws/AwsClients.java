package dev.porthole.backend.aws;

import dev.porthole.backend.config.BackendConfig;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

/**
 * The AWS SDK clients, built once per execution environment. The url-connection HTTP client keeps the
 * function small and starts fast (no Apache, no Netty); region and credentials come from the configuration.
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    private final ApiGatewayManagementApiClient management;

    public AwsClients(BackendConfig config) {
        this.http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(12))
            .addExecutionInterceptor(new WholeSmallRequests())
            .build();
        var dynamo = DynamoDbClient.builder()
            .httpClient(http)
            .region(config.region())
            .credentialsProvider(config.credentials())
            .overrideConfiguration(overrides);
        config.dynamoDbEndpoint().ifPresent(dynamo::endpointOverride);
        this.dynamoDb = dynamo.build();
        this.management = ApiGatewayManagementApiClient.builder()
            .httpClient(http)
            .region(config.region())
            .credentialsProvider(config.credentials())
            .overrideConfiguration(overrides)
            .endpointOverride(ManagementEndpoint.fromWebSocketUrl(config.websocketUrl()))
            .build();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public ApiGatewayManagementApiClient management() {
        return management;
    }

    @Override
    public void close() {
        dynamoDb.close();
        management.close();
        http.close();
    }
}
