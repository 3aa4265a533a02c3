// Kafka, PostgreSQL and the secrets against what the code uses: every topic, every database and role, the Kafka
// version the tests run, replication that the brokers can hold.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import {
  containerEnv, find, k8s, overlays, parseYaml, pomProperty, read, rendered, secretTable, serviceConfig, services, workloads,
} from '../lib/manifests.mjs';

/** The topics the code names: the contracts' constants and every channel's topic in the services' configuration. */
function topicsInCode() {
  const topics = new Set([...read('contracts/src/main/java/org/salon/contracts/events/Topics.java')
    .matchAll(/String [A-Z_]+ = "([^"]+)"/g)].map((m) => m[1]));
  for (const service of services) {
    for (const [key, value] of serviceConfig(service)) if (key.endsWith('.topic')) topics.add(value);
  }
  return topics;
}

function topicTable() {
  return read('contracts/src/main/resources/salon/topics.tsv').split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
}

for (const overlay of overlays) {
  const objects = rendered(overlay);
  const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic');
  const brokers = objects.filter((o) => o.kind === 'KafkaNodePool' && o.spec.roles.includes('broker')).reduce((n, p) => n + p.spec.replicas, 0);

  test(`${overlay}: every topic the code uses is a KafkaTopic, as topics.tsv says`, () => {
    const code = topicsInCode();
    assert.ok(code.size >= 5, [...code].join());
    for (const topic of code) assert.ok(kafkaTopics.some((t) => t.spec.topicName === topic), `no KafkaTopic for ${topic}`);
    for (const [name, partitions, retention] of topicTable()) {
      const topic = kafkaTopics.find((t) => t.spec.topicName === name);
      assert.equal(topic.spec.partitions, Number(partitions), name);
      assert.equal(String(topic.spec.config['retention.ms']), retention, name);
      assert.equal(topic.metadata.labels['strimzi.io/cluster'], objects.find((o) => o.kind === 'Kafka').metadata.name, name);
    }
    assert.equal(kafkaTopics.length, topicTable().length, 'no topic the project does not know');
  });

  test(`${overlay}: replication the brokers can hold, the Kafka version the tests run`, () => {
    const kafka = objects.find((o) => o.kind === 'Kafka');
    assert.equal(kafka.spec.kafka.version, pomProperty('kafka.version'));
    assert.equal(kafka.metadata.annotations['strimzi.io/kraft'], 'enabled');
    const config = kafka.spec.kafka.config;
    for (const key of ['default.replication.factor', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor']) {
      assert.equal(config[key], brokers, `${key} = the ${brokers} brokers`);
    }
    assert.ok(config['transaction.state.log.min.isr'] <= brokers && config['min.insync.replicas'] <= brokers);
    for (const topic of kafkaTopics) {
      assert.equal(topic.spec.replicas, brokers, `${topic.spec.topicName} replicated on every broker`);
      assert.ok((topic.spec.config['min.insync.replicas'] ?? 1) < Math.max(brokers, 2), `${topic.spec.topicName} survives a broker's loss`);
    }
    assert.equal(brokers, overlay === 'prod' ? 3 : 1);
  });

  test(`${overlay}: one database and role per service, passwords from the secrets the services read`, () => {
    const cluster = objects.find((o) => o.kind === 'Cluster');
    const databases = objects.filter((o) => o.kind === 'Database');
    const secrets = secretTable();
    for (const service of services) {
      const name = `salon_${serviceConfig(service).get('salon.db.name')}`;
      const database = databases.find((d) => d.spec.name === name);
      assert.ok(database, `database ${name}`);
      assert.equal(database.spec.owner, name);
      assert.equal(database.spec.cluster.name, cluster.metadata.name);
      const role = cluster.spec.managed.roles.find((r) => r.name === name);
      assert.ok(role?.login, `role ${name}`);
      const workload = workloads(objects).find((w) => w.metadata.name === service);
      const password = containerEnv(workload.spec.template.spec.containers[0], objects).get('SALON_DB_PASSWORD');
      assert.equal(password.secret, role.passwordSecret.name, `${service} logs in with the password its role is given`);
      const secret = secrets.get(role.passwordSecret.name);
      assert.equal(secret.type, 'kubernetes.io/basic-auth', 'CloudNativePG reads username and password');
      assert.equal(secret.keys.get('username'), `literal:${name}`);
      assert.equal(password.key, 'password');
    }
    assert.equal(databases.length, services.length);
  });

  test(`${overlay}: every secret key referred to is one create-secrets makes, and each one it makes is used`, () => {
    const made = parseYaml(execFileSync(path.join(k8s, 'create-secrets'), ['--print'], { encoding: 'utf8' }));
    const referred = new Set();
    for (const workload of workloads(objects)) {
      for (const container of workload.spec.template.spec.containers) {
        for (const e of container.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          referred.add(`${ref.name}/${ref.key}`);
          assert.ok(made.find((s) => s.metadata.name === ref.name)?.stringData[ref.key], `${workload.metadata.name}: ${ref.name}/${ref.key}`);
        }
      }
    }
    for (const role of objects.find((o) => o.kind === 'Cluster').spec.managed.roles) {
      referred.add(`${role.passwordSecret.name}/password`).add(`${role.passwordSecret.name}/username`);
    }
    const clients = made.find((s) => s.metadata.name === 'salon-service-clients').stringData;
    assert.equal(clients.clients, `room-service=${clients['room-service']}`, 'auth-service knows room-service by the secret room-service sends');
    assert.match(clients['room-service'], /^[0-9a-f]{48}$/);
    const all = made.flatMap((s) => Object.keys(s.stringData).map((k) => `${s.metadata.name}/${k}`));
    assert.deepEqual(all.filter((k) => !referred.has(k)), [], 'secrets nothing reads');
    assert.ok(new Set(made.map((s) => JSON.stringify(s.stringData))).size === made.length, 'values are drawn afresh');
  });
}
