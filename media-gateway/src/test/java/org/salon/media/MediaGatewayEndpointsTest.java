package org.salon.media;

import org.salon.testkit.JanusResource;
import org.salon.testkit.ServiceEndpointsContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class MediaGatewayEndpointsTest extends ServiceEndpointsContract {
}
