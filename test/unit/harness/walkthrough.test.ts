// The first-run walkthrough is declared in package.json only: check that every step's page exists and that
// every command its links and completion events name is one the extension contributes.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers';

describe('walkthrough', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const walkthrough = manifest.contributes.walkthroughs?.[0];

  it('takes a newcomer from the model file to evidence in four steps, each with its page', () => {
    assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), ['modelFile', 'newProject', 'workRequirement', 'evidence']);
    for (const step of walkthrough.steps) assert.ok(existsSync(join(REPO_ROOT, step.media.markdown)), step.media.markdown);
  });

  it('links and completes on commands the extension has', () => {
    for (const step of walkthrough.steps) {
      const named = [...String(step.description).matchAll(/command:([\w.]+)/g)].map((m) => m[1]);
      named.push(...(step.completionEvents as string[]).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)));
      // The view's focus command comes from VS Code for every contributed view.
      for (const command of named) assert.ok(commands.has(command) || command === 'threatModeling.projects.focus', `${step.id}: ${command}`);
    }
  });
});
