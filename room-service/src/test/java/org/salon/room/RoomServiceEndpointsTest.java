package org.salon.room;

import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.ServiceEndpointsContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class RoomServiceEndpointsTest extends ServiceEndpointsContract {
}
