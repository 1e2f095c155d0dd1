// Runs one workflow through the npm package aws-local-stepfunctions, in process, and prints one
// JSON line: {runs, warmups, ms: [wall per run], cpu_ms: [CPU per run], transitions, events,
// status, output}.
//
// Usage: node run-peer.mjs PEERS_DIR DEFINITION INPUT RUNS
//
// Each run is `new StateMachine(definition).run(input)`; its event log (the peer's history: every
// StateEntered/StateExited, MapIteration*, ...) is consumed while the run goes, as the peer
// documents, and the run ends when both the result and the log are done. The StateMachine is built
// (and the definition validated, the peer's default) once, outside the timing. One warm-up run is
// made first and not counted. Transitions are the StateEntered events of the log.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [peersDir, definitionFile, inputFile, runsText] = process.argv.slice(2);
if (!peersDir || !definitionFile || !inputFile) {
  console.error('usage: node run-peer.mjs PEERS_DIR DEFINITION INPUT [RUNS]');
  process.exit(2);
}
const runs = Number(runsText ?? '5');
const require = createRequire(path.join(path.resolve(peersDir), 'package.json'));
const { StateMachine } = require('aws-local-stepfunctions');

const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const machine = new StateMachine(definition);

async function runOnce() {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const execution = machine.run(input);
  let events = 0;
  let transitions = 0;
  const drain = (async () => {
    for await (const event of execution.eventLogs) {
      events += 1;
      if (event.type === 'StateEntered') transitions += 1;
    }
  })();
  let status = 'SUCCEEDED';
  let output;
  try {
    output = await execution.result;
  } catch (error) {
    status = `FAILED: ${error?.message ?? error}`;
  }
  await drain;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1e3;
  return { ms, cpuMs, events, transitions, status, output };
}

const warm = await runOnce();
const times = [];
const cpuTimes = [];
let last = warm;
for (let i = 0; i < runs; i += 1) {
  last = await runOnce();
  times.push(last.ms);
  cpuTimes.push(last.cpuMs);
}
const outputSummary = Array.isArray(last.output)
  ? { array_length: last.output.length }
  : last.output;
console.log(
  JSON.stringify({
    runs,
    warmups: 1,
    ms: times,
    cpu_ms: cpuTimes,
    transitions: last.transitions,
    events: last.events,
    status: last.status,
    output: outputSummary,
  }),
);
