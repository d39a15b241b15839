// Benchmarks measured inside a real extension host (run by bench/hostBench.ts through the offline
// harness): activation cost, and that activation loads no catalog.
import * as vscode from 'vscode';
import type { ThreatModelingApi } from '../../src/vscode/extension';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<ThreatModelingApi>('threatmodeling.threat-modeling');
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  const catalogsLoadedAtActivation = api.catalogs.isLoaded;
  const started = performance.now();
  await api.catalogs.catalogs();
  const catalogLoadMs = performance.now() - started;
  console.log(`BENCH ${JSON.stringify({ bench: 'extension.activate', activateMs: Math.round(api.activationMs * 100) / 100, target: '< 20 ms', catalogsLoadedAtActivation, vscode: vscode.version })}`);
  console.log(`BENCH ${JSON.stringify({ bench: 'extension.catalogs-first-load', ms: Math.round(catalogLoadMs * 10) / 10, note: 'CAPEC + ASVS + mapping, after activation, in the host' })}`);
  console.log('TEST-RESULTS passed=1 failed=0 pending=0');
}
