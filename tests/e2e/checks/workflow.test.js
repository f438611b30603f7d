// The GitHub Pages workflow cannot run here, so it is checked instead: against GitHub's
// workflow schema (action-validator, from npm) and step by step for what a deployment of
// pulsedeck needs. Run by `cargo xtask test` (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const source = readFileSync(`${root}.github/workflows/pages.yml`, 'utf8');
const wf = parse(source);
const steps = (job) => wf.jobs[job].steps;
const step = (job, uses) => steps(job).find((s) => (s.uses ?? '').startsWith(`${uses}@`));

test('the workflow is valid for GitHub Actions (schema)', () => {
  const state = validateWorkflow(source);
  assert.deepEqual(state.errors, []);
});

test('the schema check does catch a broken workflow', () => {
  const broken = source.replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04');
  assert.notDeepEqual(validateWorkflow(broken).errors, []);
});

test('it deploys with the Pages actions, with only the permissions they need', () => {
  assert.deepEqual(wf.permissions, { contents: 'read', pages: 'write', 'id-token': 'write' });
  assert.ok(wf.on.push.branches.includes('main'));
  assert.ok('workflow_dispatch' in wf.on);
  assert.equal(wf.concurrency.group, 'pages');
  assert.ok(step('build', 'actions/configure-pages'));
  assert.equal(step('build', 'actions/upload-pages-artifact').with.path, 'dist');
  assert.deepEqual(wf.jobs.deploy.needs, 'build');
  assert.equal(wf.jobs.deploy.environment.name, 'github-pages');
  assert.equal(step('deploy', 'actions/deploy-pages').id, 'deployment');
});

test('every action is pinned to a full commit SHA', () => {
  const uses = Object.keys(wf.jobs).flatMap((j) => steps(j)).map((s) => s.uses).filter(Boolean);
  assert.ok(uses.length >= 4);
  for (const u of uses) assert.match(u, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, u);
});

test('Trunk and wasm-bindgen are pinned to the versions the project builds with', () => {
  const lock = readFileSync(`${root}Cargo.lock`, 'utf8');
  const locked = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
  assert.equal(wf.env.WASM_BINDGEN_VERSION, locked, 'update WASM_BINDGEN_VERSION in pages.yml with Cargo.lock');
  const trunkReq = readFileSync(`${root}xtask/src/tools.rs`, 'utf8').match(/TRUNK_REQ: &str = "([^"]+)"/)[1];
  assert.match(wf.env.TRUNK_VERSION, new RegExp(`^${trunkReq.replace('.', '\\.')}\\.\\d+$`));
  const install = steps('build').find((s) => /Trunk and wasm-bindgen/.test(s.name ?? '')).run;
  assert.match(install, /trunk-rs\/trunk\/releases\/download\/v\$\{TRUNK_VERSION\}/);
  assert.match(install, /wasm-bindgen\/releases\/download\/\$\{WASM_BINDGEN_VERSION\}/);
});

test('the build takes its base path from Pages and the default client ID from a repository variable', () => {
  const build = steps('build').find((s) => /cargo xtask dist/.test(s.run ?? ''));
  assert.equal(build.env.BASE_PATH, '${{ steps.pages.outputs.base_path }}');
  assert.equal(step('build', 'actions/configure-pages').id, 'pages');
  assert.match(build.run, /cargo xtask dist --public-url "\$\{BASE_PATH\}\/"/);
  assert.equal(build.env.PULSEDECK_CLIENT_ID, '${{ vars.PULSEDECK_CLIENT_ID }}');
  // The Rust code reads the same name at compile time.
  assert.match(readFileSync(`${root}src/fitbit/settings.rs`, 'utf8'), /option_env!\("PULSEDECK_CLIENT_ID"\)/);
  // And the Google client ID, likewise.
  assert.equal(build.env.PULSEDECK_GOOGLE_CLIENT_ID, '${{ vars.PULSEDECK_GOOGLE_CLIENT_ID }}');
  assert.match(readFileSync(`${root}src/google/page.rs`, 'utf8'), /option_env!\("PULSEDECK_GOOGLE_CLIENT_ID"\)/);
  // The build step checks out without keeping the token, and prints no secret.
  assert.equal(steps('build')[0].with['persist-credentials'], false);
  assert.doesNotMatch(source, /secrets\./);
});

test('the run ends by printing the Redirect URL to register', () => {
  const last = steps('deploy').at(-1);
  assert.equal(last.env.PAGE_URL, '${{ steps.deployment.outputs.page_url }}');
  assert.match(last.run, /GITHUB_STEP_SUMMARY/);
  assert.match(last.run, /Redirect URL/);
});
