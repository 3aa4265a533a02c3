// Who can reach whom: the Ingress routes and the NetworkPolicies, read as a cluster would apply them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { find, matches, overlays, rendered, serviceConfig, services, workloads } from '../lib/manifests.mjs';

const publicServices = ['auth-service', 'room-service', 'chat-service'];

/** Whether a pod (its labels, its namespace) may open a connection to a port of another pod, by the policies. */
function allowed(objects, from, to, port) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.policyTypes.includes('Ingress')
    && matches(o.spec.podSelector, to.labels));
  assert.ok(policies.length > 0, 'every pod is under a policy (default deny)');
  return policies.some((policy) => (policy.spec.ingress ?? []).some((rule) => {
    const peers = rule.from ?? [];
    const peerOk = peers.length === 0 || peers.some((peer) => {
      const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector, from.namespaceLabels) : from.namespace === 'salon';
      const podOk = peer.podSelector ? matches(peer.podSelector, from.labels) : true;
      return namespaceOk && podOk;
    });
    const portOk = !rule.ports || rule.ports.some((p) => (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')
      && (p.port === port.number || p.port === port.name || (p.endPort && port.number >= p.port && port.number <= p.endPort)));
    return peerOk && portOk;
  }));
}

function pod(objects, name) {
  const workload = workloads(objects).find((w) => w.metadata.name === name);
  return { namespace: 'salon', namespaceLabels: { 'kubernetes.io/metadata.name': 'salon' }, labels: workload.spec.template.metadata.labels };
}

const ingressController = { namespace: 'ingress-nginx', namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' }, labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
const postgres = { labels: { 'cnpg.io/cluster': 'salon-db' } };
const http = (objects, name) => ({ name: 'http', number: workloads(objects).find((w) => w.metadata.name === name).spec.template.spec.containers[0].ports[0].containerPort });

for (const overlay of overlays) {
  const objects = rendered(overlay);

  test(`${overlay}: the Ingress routes the app, each public service under its own path and /ws, over TLS`, () => {
    const ingress = objects.find((o) => o.kind === 'Ingress');
    assert.ok(ingress.spec.tls[0].secretName && ingress.spec.tls[0].hosts.includes(ingress.spec.rules[0].host));
    const routes = Object.fromEntries(ingress.spec.rules[0].http.paths.map((p) => [p.path, p.backend.service]));
    for (const service of publicServices) {
      const rest = serviceConfig(service).get('quarkus.rest.path');
      assert.equal(routes[`${rest}/`]?.name, service, `${rest}/ goes to ${service}`);
    }
    assert.equal(routes['/ws'].name, 'signaling-service');
    assert.equal(routes['/'].name, 'web');
    assert.deepEqual(Object.keys(routes).sort(), ['/', '/api/auth/', '/api/chat/', '/api/room/', '/ws']);
    for (const backend of Object.values(routes)) {
      assert.ok(find(objects, 'Service', backend.name).spec.ports.some((p) => p.name === backend.port.name), backend.name);
    }
    assert.ok(Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 60, 'WebSocket sessions outlive pings');
  });

  test(`${overlay}: the gateway reaches only the public services and the app`, () => {
    for (const name of [...publicServices, 'signaling-service', 'web']) {
      assert.ok(allowed(objects, ingressController, pod(objects, name), http(objects, name)), name);
    }
    assert.ok(!allowed(objects, ingressController, pod(objects, 'media-gateway'), http(objects, 'media-gateway')), 'media-gateway');
    assert.ok(!allowed(objects, ingressController, pod(objects, 'janus'), { number: 8188 }), 'Janus API');
    assert.ok(!allowed(objects, ingressController, postgres, { number: 5432 }), 'PostgreSQL');
  });

  test(`${overlay}: only media-gateway reaches Janus's API; media reaches Janus from anywhere`, () => {
    const janus = pod(objects, 'janus');
    assert.ok(allowed(objects, pod(objects, 'media-gateway'), janus, { number: 8188 }));
    for (const other of ['auth-service', 'room-service', 'chat-service', 'signaling-service', 'web', 'coturn']) {
      assert.ok(!allowed(objects, pod(objects, other), janus, { number: 8188 }), other);
    }
    const range = find(objects, 'StatefulSet', 'janus').spec.template.spec.containers[0].env.find((e) => e.name === 'JANUS_RTP_PORTS').value.split('-').map(Number);
    for (const port of range) assert.ok(allowed(objects, ingressController, janus, { number: port, protocol: 'UDP' }), `UDP ${port}`);
  });

  test(`${overlay}: only the services reach PostgreSQL and Kafka`, () => {
    for (const service of services) assert.ok(allowed(objects, pod(objects, service), postgres, { number: 5432 }), service);
    for (const other of ['web', 'janus', 'coturn']) assert.ok(!allowed(objects, pod(objects, other), postgres, { number: 5432 }), other);
    const peers = objects.find((o) => o.kind === 'Kafka').spec.kafka.listeners.flatMap((l) => l.networkPolicyPeers);
    const reach = (name) => peers.some((peer) => matches(peer.podSelector, pod(objects, name).labels));
    for (const service of services) assert.ok(reach(service), service);
    for (const other of ['web', 'janus', 'coturn']) assert.ok(!reach(other), other);
  });
}
