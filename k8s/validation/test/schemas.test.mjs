// Every object of every overlay against the Kubernetes API's schemas and the operators' CRD schemas
// (kubernetes-models, @kubernetes-models/strimzi-kafka-operator, @kubernetes-models/cloudnative-pg).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { k8s, overlays, parseYaml, rendered } from '../lib/manifests.mjs';

const schemaModules = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'kafka.strimzi.io/v1beta2': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2',
  'postgresql.cnpg.io/v1': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1',
};

async function validate(object) {
  const module = schemaModules[object.apiVersion];
  if (!module) throw new Error(`no schema for apiVersion ${object.apiVersion}`);
  const Model = (await import(module))[object.kind];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

for (const overlay of overlays) {
  test(`${overlay}: every object is valid against its schema`, async () => {
    const objects = rendered(overlay);
    assert.ok(objects.length > 30, `${objects.length} objects rendered`);
    for (const object of objects) {
      await assert.doesNotReject(validate(object), `${object.kind} ${object.metadata.name}`);
    }
  });
}

test('the secrets create-secrets makes are valid Secrets', async () => {
  const secrets = parseYaml(execFileSync(path.join(k8s, 'create-secrets'), ['--print'], { encoding: 'utf8' }));
  assert.ok(secrets.length >= 5);
  for (const secret of secrets) await validate(secret);
});

test('the validation rejects what a cluster would', async () => {
  const deployment = structuredClone(rendered('dev').find((o) => o.kind === 'Deployment'));
  deployment.spec.replicas = 'two';
  await assert.rejects(validate(deployment), /replicas/);
  const topic = structuredClone(rendered('dev').find((o) => o.kind === 'KafkaTopic'));
  topic.spec.partitions = -1;
  await assert.rejects(validate(topic), /partitions/);
  const cluster = structuredClone(rendered('dev').find((o) => o.kind === 'Cluster'));
  cluster.spec.instances = 'three';
  await assert.rejects(validate(cluster), /instances/);
  await assert.rejects(validate({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 'x' } }), /no schema/);
});
