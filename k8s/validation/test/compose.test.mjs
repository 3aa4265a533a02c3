// deploy/compose against k8s/: the same services, images, ports and health checks, and every variable given.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  containerEnv, envReferences, find, parseYaml, pomProperty, read, rendered, requiredEnv, root, serviceConfig, services, workloads,
} from '../lib/manifests.mjs';

// Compose reads YAML merge keys (<<), as the file's shared blocks use them
const [compose] = parseYaml(read('deploy/compose/compose.yaml'), { merge: true });
const base = rendered('dev');

test('compose runs what the cluster runs, from the same images', () => {
  const names = Object.keys(compose.services);
  for (const workload of workloads(base)) {
    const name = workload.metadata.name === 'web' ? 'gateway' : workload.metadata.name;
    assert.ok(names.includes(name), `compose has ${name}`);
    const image = workload.spec.template.spec.containers[0].image;
    assert.equal(compose.services[name].image, image, name);
  }
  assert.ok(names.includes('postgres') && names.includes('kafka'));
  assert.equal(compose.services.kafka.image, `apache/kafka:${pomProperty('kafka.version')}`, 'the Kafka version the tests run');
  const postgresMajor = base.find((o) => o.kind === 'Cluster').spec.imageName.split(':')[1];
  assert.equal(compose.services.postgres.image, `postgres:${postgresMajor}`);
  for (const [name, service] of Object.entries(compose.services)) {
    assert.ok(service.image, `${name} has an image`);
    assert.equal(service.network_mode, 'host', `${name}: host networking, as Janus needs`);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      assert.ok(compose.services[dependency], `${name} waits for ${dependency}`);
      if (condition === 'service_healthy') assert.ok(compose.services[dependency].healthcheck, `${dependency} has a health check`);
    }
  }
});

test('each service is checked on the port and health path its Kubernetes probes use', () => {
  for (const service of services) {
    const [container] = workloads(base).find((w) => w.metadata.name === service).spec.template.spec.containers;
    const { path: probe, port } = container.readinessProbe.httpGet;
    assert.equal(port, Number(serviceConfig(service).get('quarkus.http.port')));
    const check = compose.services[service].healthcheck.test.join(' ');
    assert.ok(check.includes(`/dev/tcp/127.0.0.1/${port} `) && check.includes(`GET ${probe} `), `${service}: ${check}`);
  }
});

test('Janus listens where media-gateway looks for it, with every variable its configuration needs', () => {
  const janus = compose.services.janus.environment;
  const defaultNodes = envReferences(serviceConfig('media-gateway').get('salon.media.nodes'))[0].fallback;
  assert.equal(defaultNodes, `janus-1=ws://${janus.JANUS_BIND}:${janus.JANUS_WS_PORT}`);
  for (const [, name] of read('deploy/janus/render-config').matchAll(/\$\{(JANUS_[A-Z0-9_]+):\?\}/g)) assert.ok(name in janus, name);
  const k8sJanus = containerEnv(find(base, 'StatefulSet', 'janus').spec.template.spec.containers[0], base);
  assert.equal(janus.JANUS_RTP_PORTS, k8sJanus.get('JANUS_RTP_PORTS').value);
});

test('every variable a service needs is given, and make-env writes every one compose asks for', () => {
  const env = path.join(mkdtempSync(path.join(tmpdir(), 'salon-compose-')), '.env');
  execFileSync(path.join(root, 'deploy/compose/make-env'), ['salon.example.org', env]);
  const written = Object.fromEntries(readFileSync(env, 'utf8').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const asked = [...read('deploy/compose/compose.yaml').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]);
  assert.ok(asked.length >= 8);
  for (const name of asked) assert.ok(written[name], `make-env writes ${name}`);
  assert.equal(written.SALON_SERVICE_CLIENTS, `room-service=${written.SALON_SERVICE_CLIENT_SECRET}`);
  assert.equal(written.SALON_ISSUER, 'https://salon.example.org/api/auth');
  for (const service of services) {
    const given = compose.services[service].environment ?? {};
    for (const name of requiredEnv(service)) {
      // on the host's network the services' loopback defaults are the right addresses; the rest must be given
      const fallback = [...serviceConfig(service).values()].flatMap(envReferences).find((r) => r.name === name)?.fallback;
      assert.ok(name in given || fallback !== undefined, `${service} needs ${name}`);
    }
  }
  assert.throws(() => execFileSync(path.join(root, 'deploy/compose/make-env'), ['salon.example.org', env], { stdio: 'pipe' }),
    'an existing .env is never overwritten');
});
