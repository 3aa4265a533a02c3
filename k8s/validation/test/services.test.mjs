// The services' workloads against what the services really are: the ports and paths they serve, every variable
// they read, one image version, one workload behind each Service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerEnv, find, matches, overlays, projectVersion, rendered, requiredEnv, secretTable, serviceConfig,
  services, workloads, read,
} from '../lib/manifests.mjs';

for (const overlay of overlays) {
  const objects = rendered(overlay);

  test(`${overlay}: each Service selects the pods of exactly one workload`, () => {
    const selecting = objects.filter((o) => o.kind === 'Service' && o.spec.selector);
    assert.ok(selecting.length >= 7);
    for (const service of selecting) {
      const selected = workloads(objects).filter((w) => matches({ matchLabels: service.spec.selector }, w.spec.template.metadata.labels));
      assert.equal(selected.length, 1, `Service ${service.metadata.name} selects ${selected.map((w) => w.metadata.name)}`);
      const ports = selected[0].spec.template.spec.containers.flatMap((c) => c.ports ?? []);
      for (const port of service.spec.ports) {
        assert.ok(ports.some((p) => p.containerPort === port.targetPort || p.name === port.targetPort),
          `Service ${service.metadata.name} port ${port.name} reaches a container port`);
      }
    }
  });

  test(`${overlay}: each workload's own selector picks its own pods`, () => {
    for (const workload of workloads(objects)) {
      assert.ok(matches(workload.spec.selector, workload.spec.template.metadata.labels), workload.metadata.name);
    }
  });

  test(`${overlay}: services listen where their probes and Service point, probes on the health paths`, () => {
    for (const service of services) {
      const port = Number(serviceConfig(service).get('quarkus.http.port'));
      const workload = workloads(objects).find((w) => w.metadata.name === service);
      assert.equal(workload.kind, service === 'media-gateway' ? 'StatefulSet' : 'Deployment', service);
      const [container] = workload.spec.template.spec.containers;
      assert.equal(container.ports.find((p) => p.name === 'http').containerPort, port, `${service} port`);
      for (const [probe, path] of [['startupProbe', '/q/health/started'], ['readinessProbe', '/q/health/ready'], ['livenessProbe', '/q/health/live']]) {
        assert.equal(container[probe].httpGet.path, path, `${service} ${probe}`);
        assert.equal(container[probe].httpGet.port, port, `${service} ${probe} port`);
      }
      assert.equal(container.env.length + container.envFrom.length > 0, true);
    }
  });

  test(`${overlay}: every variable a service reads is given to it`, () => {
    const secrets = secretTable();
    for (const service of services) {
      const workload = workloads(objects).find((w) => w.metadata.name === service);
      const env = containerEnv(workload.spec.template.spec.containers[0], objects);
      const required = requiredEnv(service);
      assert.ok(required.has('SALON_DB_PASSWORD') && required.has('KAFKA_BOOTSTRAP_SERVERS'), `${service} reads ${[...required]}`);
      for (const name of required) {
        const given = env.get(name);
        assert.ok(given, `${overlay}: ${service} reads ${name}, nothing gives it`);
        if (given.secret) {
          assert.ok(secrets.get(given.secret)?.keys.has(given.key), `${service}: ${name} from ${given.secret}/${given.key}, not in secrets.tsv`);
        } else {
          assert.ok(given.field || (given.value && !given.value.includes('127.0.0.1')), `${service}: ${name} is ${given.value}`);
        }
      }
      assert.equal(env.get('QUARKUS_HTTP_HOST')?.value, '0.0.0.0', `${service} listens on its pod address`);
    }
  });

  test(`${overlay}: each service reaches the others and the infrastructure by their cluster names`, () => {
    const config = find(objects, 'ConfigMap', 'salon-config').data;
    const [kafkaHost, kafkaPort] = config.KAFKA_BOOTSTRAP_SERVERS.split(':');
    const kafka = objects.find((o) => o.kind === 'Kafka');
    assert.equal(kafkaHost, `${kafka.metadata.name}-kafka-bootstrap`, 'Strimzi names the bootstrap Service <cluster>-kafka-bootstrap');
    assert.ok(kafka.spec.kafka.listeners.some((l) => l.port === Number(kafkaPort) && !l.tls));
    assert.equal(config.SALON_DB_HOST, `${objects.find((o) => o.kind === 'Cluster').metadata.name}-rw`, 'CloudNativePG names the primary <cluster>-rw');
    for (const url of [config.SALON_OIDC_URL, config.SALON_AUTH_URL]) {
      const { hostname, port, pathname } = new URL(url);
      const service = find(objects, 'Service', hostname);
      assert.ok(service.spec.ports.some((p) => p.port === Number(port || 80)), url);
      assert.ok(pathname === '/' || pathname === serviceConfig(hostname).get('quarkus.rest.path'), url);
    }
  });

  test(`${overlay}: one version of Salon's images, each named after what it runs`, () => {
    const images = workloads(objects).flatMap((w) => w.spec.template.spec.containers.map((c) => [w.metadata.name, c.image]));
    const salon = images.filter(([, image]) => image.includes('/salon/'));
    assert.equal(salon.length, services.length + 2, 'the services, web and janus');
    const registries = new Set();
    for (const [workload, image] of salon) {
      const match = image.match(/^(.*)\/salon\/([a-z-]+):(.+)$/);
      assert.ok(match, image);
      assert.equal(match[2], workload, `${workload} runs ${image}`);
      assert.equal(match[3], projectVersion(), `${image}: the project's version`);
      registries.add(match[1]);
    }
    assert.equal(registries.size, 1, `one registry: ${[...registries]}`);
    for (const [, image] of images) assert.match(image, /:[\w.-]+$/, `${image} has a tag`);
  });

  test(`${overlay}: containers run unprivileged on a read-only root file system`, () => {
    for (const workload of workloads(objects)) {
      const pod = workload.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true, workload.metadata.name);
      for (const container of pod.containers) {
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, workload.metadata.name);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false, workload.metadata.name);
        assert.deepEqual(container.securityContext.capabilities.drop, ['ALL'], workload.metadata.name);
        assert.ok(container.resources.requests.cpu && container.resources.limits.memory, `${workload.metadata.name} resources`);
        assert.ok(container.readinessProbe && container.livenessProbe, `${workload.metadata.name} probes`);
      }
    }
  });

  test(`${overlay}: Janus gets every variable its configuration needs, coturn every one its arguments name`, () => {
    const janus = find(objects, 'StatefulSet', 'janus').spec.template.spec.containers[0];
    const janusEnv = containerEnv(janus, objects);
    const needed = [...read('deploy/janus/render-config').matchAll(/\$\{(JANUS_[A-Z0-9_]+):\?\}/g)].map((m) => m[1]);
    assert.ok(needed.length >= 6, needed.join());
    for (const name of needed) assert.ok(janusEnv.has(name), `janus needs ${name}`);
    const coturn = find(objects, 'Deployment', 'coturn').spec.template.spec.containers[0];
    const coturnEnv = containerEnv(coturn, objects);
    for (const [, name] of coturn.args.join(' ').matchAll(/\$\(([A-Z_]+)\)/g)) assert.ok(coturnEnv.has(name), `coturn needs ${name}`);
    const signaling = containerEnv(find(objects, 'Deployment', 'signaling-service').spec.template.spec.containers[0], objects);
    assert.deepEqual(coturnEnv.get('TURN_SECRET'), signaling.get('SALON_TURN_SECRET'), 'coturn and signaling-service share the TURN secret');
    const gateway = containerEnv(find(objects, 'StatefulSet', 'media-gateway').spec.template.spec.containers[0], objects);
    assert.deepEqual(janusEnv.get('JANUS_API_SECRET'), gateway.get('SALON_JANUS_API_SECRET'), 'Janus and media-gateway share the API secret');
  });

  test(`${overlay}: media-gateway lists each Janus pod by its stable name`, () => {
    const janus = find(objects, 'StatefulSet', 'janus');
    const port = containerEnv(janus.spec.template.spec.containers[0], objects).get('JANUS_WS_PORT').value;
    const nodes = find(objects, 'ConfigMap', 'salon-config').data.SALON_JANUS_NODES.split(',').map((n) => n.split('='));
    assert.equal(nodes.length, janus.spec.replicas, 'one entry per Janus replica');
    nodes.forEach(([name, url], i) => {
      assert.equal(name, `janus-${i}`);
      assert.equal(url, `ws://janus-${i}.${janus.spec.serviceName}:${port}`);
    });
    const gateway = find(objects, 'StatefulSet', 'media-gateway');
    assert.equal(containerEnv(gateway.spec.template.spec.containers[0], objects).get('SALON_MEDIA_INSTANCE').field, 'metadata.name',
      'a restarted media-gateway pod claims back the calls saved under its name');
    assert.equal(gateway.spec.podManagementPolicy, 'Parallel', 'a replaced pod starts without waiting for the others (src/main/kubernetes)');
  });
}
