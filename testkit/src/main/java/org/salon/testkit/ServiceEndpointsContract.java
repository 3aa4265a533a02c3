package org.salon.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every Salon service serves, checked once here and run by each service's test that extends it
 * (annotated there with {@code @QuarkusTest} and its test resource).
 */
public abstract class ServiceEndpointsContract {

    @Test
    void readinessChecksItsDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    @Test
    void unknownRoutesAreProblems() {
        given().get("/api/no/such/thing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
