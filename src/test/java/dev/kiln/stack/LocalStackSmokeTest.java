package dev.kiln.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class LocalStackSmokeTest {
    @Test
    void startsRealServers() throws Exception {
        LocalStack stack = LocalStack.forTests();
        assertThat(KafkaBroker.clusterAnswers(stack.kafkaBootstrap())).isTrue();
        try (var c = DriverManager.getConnection(
                stack.postgres().jdbcUrl(),
                stack.postgres().user(),
                stack.postgres().password())) {
            assertThat(c.isValid(2)).isTrue();
        }
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.s3Endpoint() + "/"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(200, 403);
    }
}
