package org.salon.auth;

import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.ServiceEndpointsContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = { @ResourceArg(name = "database", value = "auth"),
        @ResourceArg(name = "tokens", value = "own") })
class AuthServiceEndpointsTest extends ServiceEndpointsContract {
}
