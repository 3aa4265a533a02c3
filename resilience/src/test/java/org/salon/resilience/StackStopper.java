package org.salon.resilience;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the shared stack and the calls' network namespace once the module's tests are done, while the test JVM is
 * still whole: the shutdown hook alone was cut short as the forked JVM ended, leaving Janus, chromedriver and the
 * namespace behind.
 */
public class StackStopper implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        ResilienceStack.stopShared();
    }
}
