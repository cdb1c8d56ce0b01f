// Reads a Chrome trace with Chrome DevTools' own trace engine (the Performance panel's parser)
// and prints the job flows it finds: one line per flow, "tid:slice name" for each bound event.
import * as Trace from './devtools/package/front_end/models/trace/trace.js';
import * as fs from 'node:fs';

async function main(): Promise<void> {
  const file = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const events = Array.isArray(file) ? file : file.traceEvents;
  const model = Trace.TraceModel.Model.createWithSubsetOfHandlers(
      {Flows: Trace.Handlers.ModelHandlers.Flows} as never);
  await model.parse(events);
  const parsed = model.parsedTrace() as unknown as {Flows?: {flows: Array<Array<{tid: number, name: string}>>}, data?: {Flows: {flows: Array<Array<{tid: number, name: string}>>}}};
  const flows = parsed.Flows?.flows ?? parsed.data?.Flows.flows;
  if (!flows) throw new Error('the trace engine returned no flow data');
  for (const flow of flows) console.log(flow.map(e => `${e.tid}:${e.name}`).join(' -> '));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
