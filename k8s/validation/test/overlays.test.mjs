// What each overlay promises: dev is one of everything and small; prod survives a node's loss and grows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { k8s, matches, parseYaml, read, rendered, services, workloads } from '../lib/manifests.mjs';

const cpu = (quantity) => (quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity));

test('dev: one replica of everything, small requests', () => {
  const objects = rendered('dev');
  for (const workload of workloads(objects)) {
    assert.equal(workload.spec.replicas, 1, workload.metadata.name);
    assert.ok(cpu(workload.spec.template.spec.containers[0].resources.requests.cpu) <= 0.25, workload.metadata.name);
  }
  assert.equal(objects.find((o) => o.kind === 'Cluster').spec.instances, 1);
  assert.equal(objects.filter((o) => ['PodDisruptionBudget', 'HorizontalPodAutoscaler'].includes(o.kind)).length, 0);
});

test('prod: replicas on different nodes, a disruption budget for each, autoscaling for signaling and chat', () => {
  const objects = rendered('prod');
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const workload of workloads(objects)) {
    const name = workload.metadata.name;
    assert.ok(workload.spec.replicas >= 2, `${name}: ${workload.spec.replicas} replicas`);
    const affinity = workload.spec.template.spec.affinity?.podAntiAffinity;
    const terms = [...(affinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => p.podAffinityTerm)];
    assert.ok(terms.some((t) => t.topologyKey === 'kubernetes.io/hostname' && matches(t.labelSelector, workload.spec.template.metadata.labels)
      && !workloads(objects).some((other) => other !== workload && matches(t.labelSelector, other.spec.template.metadata.labels))),
      `${name} spreads its own replicas over nodes`);
    const budget = budgets.filter((b) => matches(b.spec.selector, workload.spec.template.metadata.labels));
    assert.equal(budget.length, 1, `${name}: one disruption budget`);
    assert.ok(budget[0].spec.maxUnavailable < workload.spec.replicas, name);
  }
  for (const budget of budgets) {
    assert.equal(workloads(objects).filter((w) => matches(budget.spec.selector, w.spec.template.metadata.labels)).length, 1, budget.metadata.name);
  }
  const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  assert.deepEqual(autoscalers.map((a) => a.spec.scaleTargetRef.name).sort(), ['chat-service', 'signaling-service']);
  for (const autoscaler of autoscalers) {
    const target = workloads(objects).find((w) => w.kind === autoscaler.spec.scaleTargetRef.kind && w.metadata.name === autoscaler.spec.scaleTargetRef.name);
    assert.ok(target, autoscaler.metadata.name);
    assert.ok(target.spec.template.spec.containers[0].resources.requests.cpu, 'CPU utilisation needs a request');
    assert.ok(autoscaler.spec.minReplicas >= target.spec.replicas && autoscaler.spec.maxReplicas > autoscaler.spec.minReplicas);
  }
  assert.equal(objects.find((o) => o.kind === 'Cluster').spec.instances, 3);
});

test('k8s/base holds what this build generated (run k8s/generate when this fails)', () => {
  for (const service of services) {
    // the same objects (quarkus-kubernetes writes labels in no fixed order)
    assert.deepEqual(parseYaml(read(`k8s/base/services/${service}.yaml`)), parseYaml(read(`${service}/target/kubernetes/kubernetes.yml`)), service);
  }
  assert.equal(read('k8s/base/topics.yaml'), execFileSync(path.join(k8s, 'generate'), ['--topics'], { encoding: 'utf8' }));
});
